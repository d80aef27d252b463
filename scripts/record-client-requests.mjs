#!/usr/bin/env node
import { readFileSync } from 'node:fs';
/**
 * Records the request bodies real clients send, for the contract tests
 * (test/integration/client-contracts-integration.test.ts). Each client is pointed straight at
 * the FAKE upstream (test/fake-upstream/, recorded provider traffic; no real provider is ever
 * called), so what is captured is the client's own wire format, tool loops included (the fake
 * answers a tool call when tools are given and a follow-up when a tool result comes back).
 *
 *   node scripts/record-client-requests.mjs            # rewrites test/fixtures/clients/*.json
 *
 * Each fixture: { client, versions, surface, note, requests: [{ path, headers, body }] } with
 * only semantic headers kept (never credentials). `claude-code-style.json` is hand-written (Claude
 * Code is proprietary and is not a dependency); this script leaves it alone.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { ChatAnthropic } from '@langchain/anthropic';
import { ChatOpenAI } from '@langchain/openai';
import { Agent, tool as agentTool, OpenAIChatCompletionsModel, run, setTracingDisabled } from '@openai/agents';
import { generateObject, stepCountIs, streamText, tool } from 'ai';
import OpenAI from 'openai';
import * as z from 'zod';
import { startFakeUpstream } from '../test/fake-upstream/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'test/fixtures/clients');
/** Read from node_modules directly: some packages do not export their package.json. */
const version = (name) => `${name}@${JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version}`;

/** Headers that carry meaning for a provider; everything else (credentials first) is left out. */
const KEPT_HEADERS = ['anthropic-beta', 'anthropic-version', 'openai-beta', 'content-type'];

const fake = await startFakeUpstream({ port: 0, latencyMs: 0 });
setTracingDisabled(true);

const weatherSchema = z.object({ location: z.string().describe('City and country') });
const weather = async ({ location }) => ({ location, temperature: 21, unit: 'celsius' });
const recipeSchema = z.object({ name: z.string(), steps: z.array(z.string()) });

const anthropicSdk = createAnthropic({ baseURL: `${fake.url}/anthropic/v1`, apiKey: 'sk-ant-fake' });
const openaiSdk = createOpenAI({ baseURL: `${fake.url}/openai/v1`, apiKey: 'sk-fake-openai' });

/** name → { client, surface, note, run } */
const recordings = {
  'ai-sdk-anthropic-stream-tools': {
    client: [version('ai'), version('@ai-sdk/anthropic')],
    surface: 'messages',
    note: 'streamText with a tool, two steps (the tool result goes back)',
    run: async () => {
      const result = streamText({
        model: anthropicSdk('claude-sonnet-4-5'),
        tools: { weather: tool({ description: 'Current weather', inputSchema: weatherSchema, execute: weather }) },
        stopWhen: stepCountIs(2),
        providerOptions: { anthropic: { effort: 'low' } },
        prompt: 'What is the weather in Florence, Italy?',
      });
      await result.consumeStream();
    },
  },
  'ai-sdk-anthropic-generate-object': {
    client: [version('ai'), version('@ai-sdk/anthropic')],
    surface: 'messages',
    note: 'generateObject with a zod schema',
    run: () => generateObject({ model: anthropicSdk('claude-sonnet-4-5'), schema: recipeSchema, prompt: 'A lasagna recipe.' }),
  },
  'ai-sdk-openai-stream-tools': {
    client: [version('ai'), version('@ai-sdk/openai')],
    surface: 'chat',
    note: 'chat model, streamText with a tool, two steps',
    run: async () => {
      const result = streamText({
        model: openaiSdk.chat('gpt-4o'),
        tools: { weather: tool({ description: 'Current weather', inputSchema: weatherSchema, execute: weather }) },
        stopWhen: stepCountIs(2),
        prompt: 'What is the weather in Florence, Italy?',
      });
      await result.consumeStream();
    },
  },
  'ai-sdk-openai-prefixed-reasoning-model': {
    client: [version('ai'), version('@ai-sdk/openai')],
    surface: 'chat',
    note: "a gateway-style 'openai/gpt-5' id defeats the SDK's reasoning-model detection: max_tokens and temperature are sent",
    run: () =>
      generateObject({
        model: openaiSdk.chat('openai/gpt-5'),
        schema: recipeSchema,
        temperature: 0.3,
        maxOutputTokens: 400,
        prompt: 'A lasagna recipe.',
      }),
  },
  'langchain-openai-tools': {
    client: [version('@langchain/openai'), version('@langchain/core')],
    surface: 'chat',
    note: 'ChatOpenAI.bindTools(...).invoke',
    run: () =>
      new ChatOpenAI({ model: 'gpt-4o', apiKey: 'sk-fake-openai', configuration: { baseURL: `${fake.url}/openai/v1` } })
        .bindTools([{ name: 'weather', description: 'Current weather', schema: weatherSchema }])
        .invoke('What is the weather in Florence, Italy?'),
  },
  'langchain-anthropic-json-schema': {
    client: [version('@langchain/anthropic'), version('@langchain/core')],
    surface: 'messages',
    note: "ChatAnthropic.withStructuredOutput(schema, { method: 'jsonSchema' })",
    run: () =>
      new ChatAnthropic({ model: 'claude-sonnet-4-5', apiKey: 'sk-ant-fake', anthropicApiUrl: `${fake.url}/anthropic`, maxRetries: 0 })
        .withStructuredOutput(recipeSchema, { method: 'jsonSchema', name: 'recipe' })
        .invoke('A lasagna recipe.'),
  },
  'openai-agents-chat-completions-tool-loop': {
    client: [version('@openai/agents'), version('openai')],
    surface: 'chat',
    note: 'Agents SDK in chat-completions mode: one tool call, then the history echoed back',
    run: async () => {
      const client = new OpenAI({ baseURL: `${fake.url}/openai/v1`, apiKey: 'sk-fake-openai', maxRetries: 0 });
      const agent = new Agent({
        name: 'Weather agent',
        instructions: 'Answer with the weather tool.',
        model: new OpenAIChatCompletionsModel(client, 'gpt-4o'),
        tools: [agentTool({ name: 'weather', description: 'Current weather', parameters: weatherSchema, execute: weather })],
      });
      await run(agent, 'What is the weather in Florence, Italy?', { maxTurns: 3 });
    },
  },
};

function kept(headers) {
  return Object.fromEntries(KEPT_HEADERS.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]]));
}

await mkdir(out, { recursive: true });
const only = process.argv.slice(2);
let failures = 0;
for (const [name, recording] of Object.entries(recordings)) {
  if (only.length && !only.includes(name)) continue;
  fake.reset();
  let error = null;
  try {
    await recording.run();
  } catch (thrown) {
    // The client may reject the fake's recorded answer (e.g. an object that fails its schema); the request is what matters.
    error = thrown instanceof Error ? thrown.message.slice(0, 200) : String(thrown);
  }
  const requests = fake.requests
    .filter((entry) => entry.method === 'POST')
    .map((entry) => ({ path: entry.path, headers: kept(entry.headers), body: entry.body }));
  if (requests.length === 0) {
    failures += 1;
    console.error(`${name}: no request captured${error ? ` (${error})` : ''}`);
    continue;
  }
  const fixture = { client: recording.client, surface: recording.surface, note: recording.note, requests };
  await writeFile(join(out, `${name}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
  console.log(`${name}: ${requests.length} request(s)${error ? ` (client then said: ${error})` : ''}`);
}
await fake.close();
// The hand-written Claude Code body is checked for presence only.
await readFile(join(out, 'claude-code-style.json'), 'utf8').catch(() => console.error('claude-code-style.json is missing'));
process.exit(failures ? 1 : 0);
