/**
 * Breakers are per provider, model and credential (issue 14): one tenant's BYOK credential
 * hitting 429s opens only its own breaker, never another tenant's or the gateway's own.
 */
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/lib/canonical';
import { toUpstreamError } from '../../src/lib/http/upstream-errors';
import { breakerKey } from '../../src/lib/routing/circuit-breaker';
import { runRoute } from '../../src/lib/routing/route-runner';
import { emptyRecord, harness, planned, routePlan } from '../support/routing-harness';

const request: ChatRequest = { model: 'openai/model-a', messages: [{ role: 'user', content: 'hi' }] };
const defaults = { retry: { attemptsPerTarget: 1 }, breaker: { failureThreshold: 1, cooldownMs: 600_000 } };
const rateLimited = () => toUpstreamError('openai', 429, { message: 'slow down' });

describe('breaker isolation by credential', () => {
  it('keys the breaker by credential id when the target uses a caller credential', () => {
    expect(breakerKey(planned('openai/model-a'))).toBe('openai/model-a');
    expect(breakerKey(planned('openai/model-a', { credentialId: 'tenant:acme' }))).toBe('openai/model-a#tenant:acme');
  });

  it("tenant A's 429s open A's breaker only: tenant B and the gateway's own credential still call upstream", async () => {
    const world = harness({ 'openai/model-a': [rateLimited(), 'ok', 'ok', 'ok'] });
    const tenantA = planned('openai/model-a', { credentialId: 'tenant:a' });
    const tenantB = planned('openai/model-a', { credentialId: 'tenant:b' });
    const gateway = planned('openai/model-a');

    await expect(runRoute(request, routePlan([tenantA], { defaults }), { record: emptyRecord() }, world.deps)).rejects.toMatchObject({
      status: 429,
    });
    expect(world.deps.breakers.state(breakerKey(tenantA), { failureThreshold: 1, cooldownMs: 600_000 })).toBe('open');

    const b = await runRoute(request, routePlan([tenantB], { defaults }), { record: emptyRecord() }, world.deps);
    expect(b.attempts).toBe(1);
    const own = await runRoute(request, routePlan([gateway], { defaults }), { record: emptyRecord() }, world.deps);
    expect(own.attempts).toBe(1);
    expect(world.calls).toHaveLength(3);

    // A itself is skipped without a call while its breaker is open.
    await expect(runRoute(request, routePlan([tenantA], { defaults }), { record: emptyRecord() }, world.deps)).rejects.toMatchObject({
      status: 503,
      code: 'all_targets_unavailable',
    });
    expect(world.calls).toHaveLength(3);
  });
});
