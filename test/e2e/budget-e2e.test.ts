/**
 * The budget bound end to end under `wrangler dev` (real workerd, the KeyLimiter Durable
 * Object, the fake upstream over HTTP): 50 concurrent requests on a key with a $1 budget spend
 * at most the budget plus one request's worst case, whichever way the dear model is named.
 */
import { describe, expect, inject, it } from 'vitest';
import { DEV_ADMIN_TOKEN } from '../../scripts/local-gateway.mjs';
import { BUDGET_ALIAS, BUDGET_CHAIN, BUDGET_MODEL, BUDGET_PRICE } from './support/gateway-config';

const gatewayUrl = inject('gatewayUrl');
const CONCURRENT = 50;
const BUDGET_USD = 1;
const MAX_TOKENS = 100;
/** "hi" as the admission estimate counts it: 1 text token + 4 framing tokens. */
const PROMPT_ESTIMATE = 5;

async function createKey(): Promise<string> {
  const response = await fetch(`${gatewayUrl}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'e2e-budget', limits: { budgetUsd: BUDGET_USD, budgetPeriod: 'day' } }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { key: string }).key;
}

/** Each way, and the attempts its plan may make (each billable): default 2 per target; the chain 1 × 2 targets. */
const ways = [
  { name: 'body model', model: BUDGET_MODEL, attempts: 2 },
  { name: 'alias', model: BUDGET_ALIAS, attempts: 2 },
  { name: 'header route', model: 'openai/gpt-4o-mini', header: BUDGET_MODEL, attempts: 2 },
  { name: 'fallback chain', model: BUDGET_CHAIN, attempts: 2 },
];

describe('a budget holds under 50 concurrent requests (wrangler dev)', () => {
  for (const way of ways) {
    it(`through the ${way.name}`, async () => {
      const key = await createKey();
      const statuses = await Promise.all(
        Array.from({ length: CONCURRENT }, async () => {
          const response = await fetch(`${gatewayUrl}/v1/chat/completions`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${key}`,
              'content-type': 'application/json',
              ...(way.header ? { 'x-switchboard-route': way.header } : {}),
            },
            body: JSON.stringify({ model: way.model, max_tokens: MAX_TOKENS, messages: [{ role: 'user', content: 'hi' }] }),
          });
          await response.text();
          return response.status;
        }),
      );
      expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
      const worstCaseUsd = (way.attempts * (PROMPT_ESTIMATE + MAX_TOKENS) * BUDGET_PRICE.output) / 1e6;
      // Settlement runs after each response (waitUntil): poll until nothing is reserved.
      let budget = { spent_usd: 0, reserved_usd: 1 };
      for (let poll = 0; poll < 200 && budget.reserved_usd > 0; poll++) {
        const status = await fetch(`${gatewayUrl}/v1/ratelimit`, { headers: { authorization: `Bearer ${key}` } });
        budget = ((await status.json()) as { budget: typeof budget }).budget;
      }
      expect(budget.reserved_usd).toBe(0);
      expect(budget.spent_usd).toBeGreaterThan(0);
      expect(budget.spent_usd).toBeLessThanOrEqual(BUDGET_USD + worstCaseUsd);
    });
  }
});
