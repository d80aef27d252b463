/**
 * SWITCHBOARD_CONFIG of the gateway the e2e tests run under `wrangler dev`
 * (test/e2e/global-setup.ts): retry waits of a few ms instead of the production defaults, so
 * the fault matrix takes milliseconds; a price override; and the one route a header cannot
 * express (a target with its own first-byte timeout). Each route's models serve one test only.
 */

/**
 * A priced model for the accounting test. The `$` also checks that the config reaches the
 * gateway verbatim: wrangler's env-file loader would otherwise expand `$HOME`.
 */
export const PRICED_MODEL = 'openai/e2e-priced-$HOME';
export const PRICE = { input: 2, output: 10 };

export const e2eGatewayConfig = {
  pricing: { [PRICED_MODEL]: PRICE },
  routing: { retry: { baseDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 100 } },
  routes: {
    'e2e-slow-start': {
      targets: [
        { model: 'openai/gpt-4o-mini-e2e-slow-start@first-byte-ms=5000', timeouts: { firstByteMs: 100 } },
        { model: 'deepseek/deepseek-chat-e2e-slow-start' },
      ],
      retry: { attemptsPerTarget: 1 },
    },
  },
};
