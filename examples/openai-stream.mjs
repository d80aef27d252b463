// Stream a chat completion through Switchboard with the official `openai` SDK.
// Run `npm run dev` in another terminal, then: node examples/openai-stream.mjs
import OpenAI from 'openai';

const baseURL = `${process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:8787'}/v1`;
const client = new OpenAI({ baseURL, apiKey: process.env.SWITCHBOARD_KEY ?? 'sb-dev-key-1' });

const stream = await client.chat.completions.create({
  // `provider/model`, or an alias from SWITCHBOARD_CONFIG.
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'Count from 1 to 10.' }],
  stream: true,
  stream_options: { include_usage: true },
});

for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
  if (chunk.usage) console.log(`\n\n${chunk.usage.prompt_tokens} prompt + ${chunk.usage.completion_tokens} completion tokens`);
}
