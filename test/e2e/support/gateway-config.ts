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

/** The budget-bound test (budget-e2e.test.ts): a dear model named four ways. */
export const BUDGET_MODEL = 'openai/e2e-budget';
export const BUDGET_PRICE = { input: 1000, output: 1000 };
export const BUDGET_ALIAS = 'e2e-budget-alias';
export const BUDGET_CHAIN = 'e2e-budget-chain';

/**
 * The translation matrix (translation-matrix-e2e.test.ts) drives OpenAI's and Azure's chat
 * recordings from every surface, Responses included. Pinned to chat completions (`api`), so a
 * `/v1/responses` call to them is translated as the matrix says instead of taking the
 * same-dialect lane (which has its own tests: responses-e2e.test.ts).
 */
const MATRIX_CHAT_MODELS = [
  'openai/fixture:chat/text',
  'openai/fixture:chat/text-stream-include-usage',
  'openai/fixture:chat/tool-call',
  'openai/fixture:chat/tool-call-stream-followup',
  'openai/gpt-4o-mini',
  'azure/fixture:chat-text',
  'azure/fixture:chat-text-stream',
  'azure/gpt-4o-mini',
];

export const e2eGatewayConfig = {
  api: Object.fromEntries(MATRIX_CHAT_MODELS.map((model) => [model, 'chat'])),
  pricing: { [PRICED_MODEL]: PRICE, [BUDGET_MODEL]: BUDGET_PRICE, [`${BUDGET_MODEL}-down@status=500`]: BUDGET_PRICE },
  routing: { retry: { baseDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 100 } },
  routes: {
    [BUDGET_ALIAS]: { targets: [{ model: BUDGET_MODEL }] },
    [BUDGET_CHAIN]: { targets: [{ model: `${BUDGET_MODEL}-down@status=500` }, { model: BUDGET_MODEL }], retry: { attemptsPerTarget: 1 } },
    'e2e-slow-start': {
      targets: [
        { model: 'openai/gpt-4o-mini-e2e-slow-start@first-byte-ms=5000', timeouts: { firstByteMs: 100 } },
        { model: 'deepseek/deepseek-chat-e2e-slow-start' },
      ],
      retry: { attemptsPerTarget: 1 },
    },
  },
};
