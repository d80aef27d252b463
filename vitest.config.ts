import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/** Test-only settings: gateway keys, admin token and fake provider credentials. */
export const testBindings = {
  SWITCHBOARD_KEYS: 'sb-test-key-1,sb-test-key-2',
  SWITCHBOARD_ADMIN_TOKEN: 'sb-test-admin',
  OPENAI_API_KEY: 'sk-fake-openai',
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
                  FAKE_UPSTREAM_URL: upstream,
                },
                // Deliver usage events promptly so tests wait milliseconds, not the 2 s batch window.
                queueConsumers: {
                  'switchboard-usage': { maxBatchTimeout: 0, maxRetries: 5, deadLetterQueue: 'switchboard-usage-dlq' },
                },
              },
            };
          }),
        ],
        test: {
          name: 'unit',
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
