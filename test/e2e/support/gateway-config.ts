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
 * The literal issue-14 case (cancellation-e2e.test.ts): a first target silent for 25 s that then
 * fails, one attempt each, the default commit window and keep-alive interval.
 */
export const FIRST_BYTE_25S_ROUTE = 'e2e-first-byte-25s';

/** A stream waiting on a slow upstream (cancellation-e2e.test.ts): keep-alives every 2 s. */
export const CANCEL_WAITING_ROUTE = 'e2e-cancel-waiting';
export const CANCEL_WAITING_STREAM = { commitMs: 200, keepAliveMs: 2000 };

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
    // cancellation-e2e.test.ts: a stream waiting on a slow upstream, with a short commit window and keep-alive interval.
    [CANCEL_WAITING_ROUTE]: {
      targets: [{ model: 'openai/gpt-4o-mini-e2e-cancel-waiting@first-byte-ms=20000' }],
      retry: { attemptsPerTarget: 1 },
      stream: CANCEL_WAITING_STREAM,
    },
    [FIRST_BYTE_25S_ROUTE]: {
      targets: [
        { model: `openai/gpt-4o-mini-${FIRST_BYTE_25S_ROUTE}@first-byte-ms=25000@status=500` },
        { model: `deepseek/deepseek-chat-${FIRST_BYTE_25S_ROUTE}` },
      ],
      retry: { attemptsPerTarget: 1 },
    },
    'e2e-slow-start': {
      targets: [
        { model: 'openai/gpt-4o-mini-e2e-slow-start@first-byte-ms=5000', timeouts: { firstByteMs: 100 } },
        { model: 'deepseek/deepseek-chat-e2e-slow-start' },
      ],
      retry: { attemptsPerTarget: 1 },
    },
  },
};
