// Stream text through Switchboard with the Vercel AI SDK (`ai` + `@ai-sdk/openai`).
// Run `npm run dev` in another terminal, then: node examples/vercel-ai-sdk.mjs
import { createOpenAI } from '@ai-sdk/openai';
import { streamText } from 'ai';

const switchboard = createOpenAI({
  baseURL: `${process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:8787'}/v1`,
  apiKey: process.env.SWITCHBOARD_KEY ?? 'sb-dev-key-1',
});

const result = streamText({
  // The SDK's default provider speaks OpenAI's Responses API, which Switchboard serves for any provider.
  model: switchboard('openai/gpt-4o-mini'),
  prompt: 'Count from 1 to 10.',
});

for await (const delta of result.textStream) process.stdout.write(delta);
const usage = await result.usage;
console.log(`\n\n${usage.inputTokens} input + ${usage.outputTokens} output tokens`);
