#!/usr/bin/env node
// Run the FAKE upstream LLM provider standalone:
//   node test/fake-upstream/cli.mjs [--port 8788 (0 = any free port)] [--host 127.0.0.1] [--latency-ms N]
// It answers with recorded fixtures; it is not a real provider and never calls one.
import { parseArgs } from 'node:util';
import { baseUrls } from './families.mjs';
import { startFakeUpstream } from './server.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.FAKE_UPSTREAM_PORT ?? '8788' },
    host: { type: 'string', default: '127.0.0.1' },
    'latency-ms': { type: 'string', default: '0' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(
    'usage: node test/fake-upstream/cli.mjs [--port N] [--host H] [--latency-ms N]\nFAKE LLM provider replaying test/fixtures/recorded/. See test/fake-upstream/README.md.',
  );
  process.exit(0);
}

const port = Number(values.port);
const latencyMs = Number(values['latency-ms']);
if (!Number.isInteger(port) || port < 0 || !Number.isFinite(latencyMs) || latencyMs < 0) {
  console.error('fake upstream: --port must be an integer >= 0 and --latency-ms a number >= 0');
  process.exit(2);
}

const fake = await startFakeUpstream({ port, host: values.host, latencyMs });
const bases = baseUrls(fake.url);
const env = {
  OPENAI_BASE_URL: bases.openai,
  OPENAI_API_KEY: fake.keys.openai,
  ANTHROPIC_BASE_URL: bases.anthropic,
  ANTHROPIC_API_KEY: fake.keys.anthropic,
  GEMINI_BASE_URL: bases.gemini,
  GEMINI_API_KEY: fake.keys.gemini,
  AZURE_OPENAI_ENDPOINT: bases.azure,
  AZURE_OPENAI_API_KEY: fake.keys.azure,
  AZURE_OPENAI_API_VERSION: '2024-10-21',
  DEEPSEEK_BASE_URL: bases.deepseek,
  DEEPSEEK_API_KEY: fake.keys.deepseek,
  GROQ_BASE_URL: bases.groq,
  GROQ_API_KEY: fake.keys.groq,
  MISTRAL_BASE_URL: bases.mistral,
  MISTRAL_API_KEY: fake.keys.mistral,
  OPENROUTER_BASE_URL: bases.openrouter,
  OPENROUTER_API_KEY: fake.keys.openrouter,
  XAI_BASE_URL: bases.xai,
  XAI_API_KEY: fake.keys.xai,
  TOGETHER_BASE_URL: bases.together,
  TOGETHER_API_KEY: fake.keys.together,
  OLLAMA_BASE_URL: bases.ollama,
};

console.log(`fake upstream listening on ${fake.url}`);
console.log('This is a FAKE LLM provider: it replays recorded fixtures and never calls a real API.');
if (latencyMs) console.log(`latency: ${latencyMs} ms before every response`);
console.log('\n# point the gateway at it (e.g. in .dev.vars):');
for (const [k, v] of Object.entries(env)) console.log(`${k}=${v}`);
console.log(`\n# control API: ${fake.url}/__fake/requests | /__fake/script | /__fake/reset`);

const stop = async () => {
  await fake.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
