/**
 * After-response step: one structured JSON log line per request, for Workers Logs / Logpush.
 * Ids, counts and timings only: no message content, no error text (which may quote a
 * provider), no credentials. Tokens and cost are the same figures the usage event carries.
 */

import { getConfig } from '../config';
import { buildUsageEvent } from '../usage/event';
import type { AfterResponseContext } from './after-response-context';
import type { RequestRecord } from './request-record';

export function requestLogLine(record: RequestRecord, env: Env): Record<string, unknown> {
  const usage = buildUsageEvent(record, getConfig(env));
  return {
    level: usage.outcome === 'failure' ? 'warn' : 'info',
    event: 'request',
    requestId: record.requestId,
    keyId: record.keyId,
    surface: record.surface,
    endpoint: record.endpoint,
    provider: usage.provider || null,
    model: usage.model,
    stream: record.stream,
    status: record.status,
    outcome: usage.outcome,
    errorKind: record.error?.kind ?? null,
    errorCode: usage.errorCode,
    latencyMs: usage.latencyMs,
    timeToFirstTokenMs: usage.timeToFirstTokenMs,
    attempts: usage.attempts,
    cache: record.cache,
    tokens: usage.tokens,
    estimated: usage.estimated,
    countedBy: usage.countedBy ?? null,
    costUsd: usage.costUsd,
  };
}

export async function logRequest({ env, record }: AfterResponseContext): Promise<void> {
  if (env.SWITCHBOARD_REQUEST_LOG === 'off') return;
  console.log(JSON.stringify(requestLogLine(record, env)));
}
