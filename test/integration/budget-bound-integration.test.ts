/**
 * The budget bound, in workerd with the real KeyLimiter and the fake upstream: 50 concurrent
 * requests on a key with a small budget spend at most the budget plus one request's worst
 * case, whichever way the priced model is named (body model, alias, header route, fallback
 * chain). Before the route was planned once for admission and runner, the alias and header
 * paths reserved $0 and spent many times the budget.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ledgerFor, utcDay } from '../../src/lib/usage/ledger-schema';
import { deliveriesOf, readAll } from '../support/accounting';
import { fixtureJson } from '../support/fixtures';
import { createKey } from '../support/keys';
import { callWorker, envWith } from '../support/worker';

const CONCURRENT = 50;
const BUDGET_USD = 1;
const MAX_TOKENS = 100;
/** $1000 per million tokens: one request costs cents, so 50 of them would be several dollars. */
const PRICE = { input: 1000, output: 1000 };
/** "hi": 1 text token + 4 framing tokens, as the estimate counts it. */
const PROMPT_ESTIMATE = 5;

/** What the fake upstream bills for a plain chat request (openai/chat/text-with-ratelimit-headers.json). */
const recorded = fixtureJson<{ usage: { prompt_tokens: number; completion_tokens: number } }>(
  'openai/chat/text-with-ratelimit-headers.json',
).usage;
const actualUsd = ((recorded.prompt_tokens + recorded.completion_tokens) * PRICE.input) / 1e6;

interface Way {
  name: string;
  /** The body's model, and the x-switchboard-route header when the way uses one. */
  model: string;
  header?: string;
  /** Attempts the plan may make, each of which can be billed (the reservation's multiplier). */
  attempts: number;
}

function scenario(way: string) {
  const tag = `${way}-${crypto.randomUUID().slice(0, 8)}`;
  const priced = `openai/bud-${tag}`;
  const failing = `openai/bud-${tag}-down@status=500`;
  const config = {
    routing: { retry: { attemptsPerTarget: 1, baseDelayMs: 1, maxDelayMs: 2 } },
    pricing: { [priced]: PRICE, [failing]: PRICE },
    routes: {
      [`alias-${tag}`]: { targets: [{ model: priced }] },
      [`chain-${tag}`]: { targets: [{ model: failing }, { model: priced }] },
    },
  };
  const ways: Record<string, Way> = {
    body: { name: 'body model', model: priced, attempts: 1 },
    alias: { name: 'alias', model: `alias-${tag}`, attempts: 1 },
    header: { name: 'header route', model: `openai/unpriced-${tag}`, header: priced, attempts: 1 },
    fallback: { name: 'fallback chain', model: `chain-${tag}`, attempts: 2 },
  };
  return { way: ways[way] as Way, env: envWith({ SWITCHBOARD_CONFIG: JSON.stringify(config) }) };
}

async function budgetStatus(key: string): Promise<{ spent_usd: number; reserved_usd: number }> {
  const call = await callWorker('/v1/ratelimit', { key });
  return ((await call.response.json()) as { budget: { spent_usd: number; reserved_usd: number } }).budget;
}

describe('a budget holds under 50 concurrent requests', () => {
  for (const wayName of ['body', 'alias', 'header', 'fallback']) {
    it(`through the ${wayName} way of naming a priced model`, async () => {
      const { way, env: testEnv } = scenario(wayName);
      const { id: keyId, key } = await createKey({ limits: { budgetUsd: BUDGET_USD, budgetPeriod: 'day' } });
      const headers: Record<string, string> = way.header ? { 'x-switchboard-route': way.header } : {};
      const calls = await Promise.all(
        Array.from({ length: CONCURRENT }, async () => {
          const call = await callWorker('/v1/chat/completions', {
            method: 'POST',
            key,
            env: testEnv,
            headers,
            json: { model: way.model, max_tokens: MAX_TOKENS, messages: [{ role: 'user', content: 'hi' }] },
          });
          const body = await readAll(call.response);
          await call.settled();
          return { status: call.response.status, body, requestId: call.response.headers.get('x-request-id') ?? '' };
        }),
      );
      const served = calls.filter((call) => call.status === 200);
      const refused = calls.filter((call) => call.status === 429);
      expect(served.length + refused.length, JSON.stringify(calls.find((call) => ![200, 429].includes(call.status)))).toBe(CONCURRENT);
      expect(refused.length).toBeGreaterThan(0);
      for (const call of refused) expect(JSON.parse(call.body).error.code).toBe('budget_exceeded');

      const worstCaseUsd = (way.attempts * (PROMPT_ESTIMATE + MAX_TOKENS) * PRICE.output) / 1e6;
      const limiter = await budgetStatus(key);
      expect(limiter.reserved_usd).toBe(0);
      expect(limiter.spent_usd).toBeCloseTo(served.length * actualUsd, 9);
      expect(limiter.spent_usd).toBeLessThanOrEqual(BUDGET_USD + worstCaseUsd);

      // The ledger (what is billed) agrees with the limiter to the nano-dollar.
      await deliveriesOf(
        keyId,
        served.map((call) => call.requestId),
      );
      const today = utcDay(Date.now());
      const rows = await ledgerFor(env, keyId).rows(today, today);
      const billedNano = rows.reduce((sum, row) => sum + row.cost_nano_usd, 0);
      expect(billedNano).toBe(Math.round(served.length * actualUsd * 1e9));
      expect(billedNano / 1e9).toBeLessThanOrEqual(BUDGET_USD + worstCaseUsd);
    });
  }
});
