import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/** Test-only settings: gateway keys, admin token and fake provider credentials. */
export const testBindings = {
  SWITCHBOARD_KEYS: 'sb-test-key-1,sb-test-key-2',
  SWITCHBOARD_ADMIN_TOKEN: 'sb-test-admin',
  OPENAI_API_KEY: 'sk-fake-openai',
  ANTHROPIC_API_KEY: 'sk-ant-fake',
  /** 32 bytes, base64: seals BYOK credentials in tests. */
  SWITCHBOARD_MASTER_KEY: 'dGVzdC1tYXN0ZXIta2V5LTMyLWJ5dGVzLWxvbmchISE=',
  /** Seals archives whose policy says encrypt; the queue consumer (which runs with this env) writes them. */
  SWITCHBOARD_ARCHIVE_KEY: 'archive-secret-for-tests-0123456789',
};

/**
 * Routing for the tests: waits of a few ms (never real seconds), and the routes the routing
 * fault matrix uses (test/integration/routing-integration.test.ts); each route's models are
 * used by one test only, so fake-upstream scripts and breakers never cross tests.
 */
export const routingTestConfig = {
  routing: { retry: { baseDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 100 } },
  routes: {
    'slow-start': {
      targets: [
        { model: 'openai/gpt-4o-mini-slow-start@first-byte-ms=5000', timeouts: { firstByteMs: 50 } },
        { model: 'deepseek/deepseek-chat-slow-start' },
      ],
      retry: { attemptsPerTarget: 1 },
    },
    'goes-quiet': {
      targets: [
        { model: 'openai/gpt-4o-mini-goes-quiet@chunk-ms=5000', timeouts: { idleMs: 50 } },
        { model: 'deepseek/deepseek-chat-goes-quiet' },
      ],
      retry: { attemptsPerTarget: 1 },
    },
    fragile: {
      targets: [{ model: 'openai/gpt-4o-mini-fragile' }, { model: 'deepseek/deepseek-chat-fragile' }],
      retry: { attemptsPerTarget: 1 },
      breaker: { failureThreshold: 1, cooldownMs: 600_000 },
    },
    'all-down': {
      targets: [{ model: 'openai/gpt-4o-mini-all-down@status=500' }, { model: 'deepseek/deepseek-chat-all-down@status=503' }],
      retry: { attemptsPerTarget: 1 },
      breaker: { failureThreshold: 1, cooldownMs: 600_000 },
    },
    // Streams with a small commit window and keep-alive interval (test/integration/keep-alive-integration.test.ts).
    'keep-alive-slow': {
      targets: [{ model: 'openai/gpt-4o-mini-keep-alive-slow@first-byte-ms=700' }],
      retry: { attemptsPerTarget: 1 },
      stream: { commitMs: 50, keepAliveMs: 100 },
    },
    'keep-alive-fallback': {
      targets: [
        { model: 'openai/gpt-4o-mini-keep-alive-fails@first-byte-ms=400@status=500' },
        { model: 'deepseek/deepseek-chat-keep-alive-fallback' },
      ],
      retry: { attemptsPerTarget: 1 },
      stream: { commitMs: 50, keepAliveMs: 100 },
    },
    'keep-alive-gaps': {
      targets: [{ model: 'openai/gpt-4o-mini-keep-alive-gaps@chunk-ms=300' }],
      retry: { attemptsPerTarget: 1 },
      stream: { commitMs: 50, keepAliveMs: 50 },
    },
    // A comment is due one interval after the last write, content included (not on a fixed tick).
    'keep-alive-cadence': {
      targets: [{ model: 'openai/gpt-4o-mini-keep-alive-cadence@chunk-ms=500' }],
      retry: { attemptsPerTarget: 1 },
      stream: { commitMs: 50, keepAliveMs: 200 },
    },
    'keep-alive-all-fail': {
      targets: [{ model: 'openai/gpt-4o-mini-keep-alive-all-fail@first-byte-ms=300@status=503' }],
      retry: { attemptsPerTarget: 1 },
      stream: { commitMs: 50, keepAliveMs: 100 },
    },
    tuned: {
      strategy: 'weighted-fallback',
      targets: [{ model: 'deepseek/deepseek-chat-tuned', weight: 1, overrides: { max_tokens: 77, temperature: 0.3 } }],
    },
  },
};

/**
 * Quiet by default: a test's console output is shown only when it fails, and the gateway's
 * per-request log line is off. `DEBUG=1` shows everything.
 */
const debug = Boolean(process.env.DEBUG);
const silent = debug ? false : ('passed-only' as const);

export default defineConfig({
  // Vite's warnings about dependencies' source maps (the Agents SDK ships maps without sources)
  // say nothing about this project; errors still show.
  logLevel: debug ? 'info' : 'error',
  test: {
    silent,
    // In CI, a dot per test and the failures in full: quiet when green.
    reporters: process.env.CI && !debug ? ['dot'] : ['default'],
    projects: [
      {
        plugins: [
          cloudflareTest(async ({ inject }) => {
            const upstream = inject<string>('fakeUpstreamUrl');
            return {
              wrangler: { configPath: './wrangler.toml' },
              // The TypeScript source, not wrangler.toml's `main` (build/index.js, scripts/build-worker.mjs's output).
              main: './src/index.ts',
              miniflare: {
                bindings: {
                  ...testBindings,
                  OPENAI_BASE_URL: `${upstream}/openai/v1`,
                  DEEPSEEK_API_KEY: 'sk-fake-deepseek',
                  DEEPSEEK_BASE_URL: `${upstream}/deepseek`,
                  GROQ_API_KEY: 'gsk-fake',
                  GROQ_BASE_URL: `${upstream}/groq/openai/v1`,
                  MISTRAL_API_KEY: 'fake-mistral',
                  MISTRAL_BASE_URL: `${upstream}/mistral/v1`,
                  OPENROUTER_API_KEY: 'sk-or-fake',
                  OPENROUTER_BASE_URL: `${upstream}/openrouter/api/v1`,
                  OLLAMA_BASE_URL: `${upstream}/ollama/v1`,
                  ANTHROPIC_BASE_URL: `${upstream}/anthropic`,
                  SWITCHBOARD_CONFIG: JSON.stringify(routingTestConfig),
                  GEMINI_API_KEY: 'fake-gemini-key',
                  GEMINI_BASE_URL: `${upstream}/gemini`,
                  AZURE_OPENAI_API_KEY: 'fake-azure-key',
                  AZURE_OPENAI_ENDPOINT: `${upstream}/azure`,
                  AZURE_OPENAI_API_VERSION: '2024-10-21',
                  // No XAI_API_KEY: xAI is reachable only with a caller's own (BYOK) credential.
                  XAI_BASE_URL: `${upstream}/xai/v1`,
                  FAKE_UPSTREAM_URL: upstream,
                  SWITCHBOARD_REQUEST_LOG: debug ? 'on' : 'off',
                },
                // Deliver usage events promptly so tests wait milliseconds, not the 2 s batch window.
                queueConsumers: {
                  'switchboard-usage': { maxBatchTimeout: 0, maxRetries: 5, deadLetterQueue: 'switchboard-usage-dlq' },
                  'switchboard-usage-dlq': { maxBatchTimeout: 0, maxRetries: 3 },
                },
              },
            };
          }),
        ],
        test: {
          name: 'unit',
          // Adversarial-chunking tests replay a recording hundreds of times; generous on a loaded 2-core machine.
          testTimeout: 30_000,
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-fake-upstream.ts', 'test/support/global-otlp-receiver.ts'],
          setupFiles: ['test/support/preload-lazy-modules.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
