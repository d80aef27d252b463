/**
 * What a cancelled request is billed when the provider reported nothing (usage/event.ts): the
 * prompt estimate when the provider was still working on it, nothing when the provider had
 * already answered with an error (cancelled in a backoff) or the attempt had failed on its own.
 */
import { describe, expect, it } from 'vitest';
import type { AttemptRecord, RequestRecord } from '../../src/lib/pipeline/request-record';
import { usageOf } from '../../src/lib/usage/event';

function cancelled(last: Partial<AttemptRecord>, extra: Partial<RequestRecord> = {}): RequestRecord {
  return {
    requestId: 'r',
    keyId: 'k',
    surface: 'openai',
    endpoint: 'chat',
    requestedModel: 'openai/gpt-4o-mini',
    stream: false,
    receivedAt: 0,
    attempts: [{ provider: 'openai', model: 'gpt-4o-mini', startedAt: 0, status: 0, ...last }],
    status: 499,
    cancelled: true,
    cache: 'MISS',
    promptChars: 400,
    estimatedPromptTokens: 123,
    error: { kind: 'timeout', code: 'client_cancelled', message: 'gone' },
    ...extra,
  };
}

describe('usage of a cancelled request without reported usage', () => {
  it('in flight (no status yet, or ended by the cancellation): the prompt estimate, marked estimated', () => {
    expect(usageOf(cancelled({}))).toEqual({ inputTokens: 123, outputTokens: 0, estimated: true });
    expect(usageOf(cancelled({ errorCode: null, endedAt: 5 }))).toEqual({ inputTokens: 123, outputTokens: 0, estimated: true });
    expect(usageOf(cancelled({ errorCode: 'client_cancelled', endedAt: 5 }))).toEqual({
      inputTokens: 123,
      outputTokens: 0,
      estimated: true,
    });
  });

  it('without admission’s estimate: the prompt characters’ estimate', () => {
    expect(usageOf(cancelled({}, { estimatedPromptTokens: undefined }))).toEqual({ inputTokens: 100, outputTokens: 0, estimated: true });
  });

  it('the provider had answered with an error, or the attempt failed on its own, before the client left: nothing', () => {
    expect(usageOf(cancelled({ status: 503, errorCode: 'upstream_error' }))).toEqual({ inputTokens: 0, outputTokens: 0 });
    expect(usageOf(cancelled({ status: 0, errorCode: 'upstream_first_byte_timeout' }))).toEqual({ inputTokens: 0, outputTokens: 0 });
  });

  it('reported usage wins, and a request that never reached a provider uses nothing', () => {
    const reported = { inputTokens: 7, outputTokens: 3 };
    expect(usageOf(cancelled({}, { usage: reported }))).toBe(reported);
    expect(usageOf(cancelled({}, { attempts: [] }))).toEqual({ inputTokens: 0, outputTokens: 0 });
  });
});
