// Call Switchboard's Anthropic-shaped /v1/messages with the official `@anthropic-ai/sdk`, once
// whole and once streamed. Any provider works behind it: the model decides (`provider/model`).
// Run `npm run dev` in another terminal, then: node examples/anthropic-messages.mjs
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({
  baseURL: process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:8787',
  // Sent as `x-api-key`, which Switchboard accepts like `Authorization: Bearer`.
  apiKey: process.env.SWITCHBOARD_KEY ?? 'sb-dev-key-1',
});

const message = await client.messages.create({
  model: 'anthropic/claude-sonnet-4-5',
  max_tokens: 256,
  messages: [{ role: 'user', content: 'Hello, Claude' }],
});
const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
console.log(`${text}\n(${message.usage.input_tokens} in, ${message.usage.output_tokens} out, stop: ${message.stop_reason})\n`);

const stream = client.messages.stream({
  model: 'openai/gpt-4o-mini',
  max_tokens: 256,
  messages: [{ role: 'user', content: 'Count from 1 to 10.' }],
});
stream.on('text', (delta) => process.stdout.write(delta));
const final = await stream.finalMessage();
console.log(`\n(${final.usage.output_tokens} output tokens)`);
