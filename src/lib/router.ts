/**
 * Routing: which target(s) serve a request. Today a single `provider/model` target; aliases,
 * retries, fallbacks and breakers land with the routing issue behind this same function.
 */
import type { ChatRequest } from './canonical';
import { type CredentialLookup, targetWithCallerCredential } from './caller-target';
import { type ChatOutcome, callChat } from './chat-dispatch';
import type { Config } from './config';
import type { RequestRecord } from './request-record';

export interface RouteOptions {
  config: Config;
  signal?: AbortSignal;
  record: RequestRecord;
  /** The caller's own provider credentials (BYOK), preferred over the gateway's. */
  credentials?: CredentialLookup | undefined;
}

export async function routeChat(request: ChatRequest, options: RouteOptions): Promise<ChatOutcome> {
  const target = await targetWithCallerCredential(request.model, options.config, options.credentials);
  const attempt = { provider: target.provider, model: target.model, startedAt: Date.now(), status: 0 };
  options.record.attempts.push(attempt);
  try {
    const outcome = await callChat(request, target, options.signal);
    attempt.status = 200;
    return outcome;
  } catch (error) {
    const upstream = error as { upstreamStatus?: number; code?: string | null; retryable?: boolean };
    attempt.status = upstream.upstreamStatus ?? 0;
    Object.assign(attempt, { errorCode: upstream.code ?? null, retryable: upstream.retryable ?? false });
    throw error;
  } finally {
    Object.assign(attempt, { endedAt: Date.now() });
  }
}
