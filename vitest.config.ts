import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/** Test-only settings: gateway keys, admin token and fake provider credentials. */
export const testBindings = {
  SWITCHBOARD_KEYS: 'sb-test-key-1,sb-test-key-2',
  SWITCHBOARD_ADMIN_TOKEN: 'sb-test-admin',
  OPENAI_API_KEY: 'sk-fake-openai',
  /** 32 bytes, base64: seals BYOK credentials in tests. */
  SWITCHBOARD_MASTER_KEY: 'dGVzdC1tYXN0ZXIta2V5LTMyLWJ5dGVzLWxvbmchISE=',
};

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest(async ({ inject }) => {
            const upstream = inject<string>('fakeUpstreamUrl');
            return {
              wrangler: { configPath: './wrangler.toml' },
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
                  // No XAI_API_KEY: xAI is reachable only with a caller's own (BYOK) credential.
                  XAI_BASE_URL: `${upstream}/xai/v1`,
                  FAKE_UPSTREAM_URL: upstream,
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
          globalSetup: ['test/support/global-fake-upstream.ts'],
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
    ],
  },
});
