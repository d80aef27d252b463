/**
 * The one place a provider failure becomes a public error. Adapters only parse their error
 * body (`ParsedUpstreamError`); this decides status, retryability and what a caller may read.
 * A rejected credential is the gateway operator's problem (or, for a BYOK credential, the
 * caller's, and said so): the provider's message (which may quote a masked key) is replaced,
 * and the status becomes 502.
 */

import type { ParsedUpstreamError } from '../../providers/types';
import { type ErrorKind, isRetryableStatus, UpstreamError } from './errors';

const keyLike = /\b(sk|pk|rk|gsk|xai|sk-ant|sk-or)-[A-Za-z0-9_*.-]{6,}|AIza[0-9A-Za-z_-]{20,}/g;

/** Remove anything shaped like a credential, and the exact credential when known. */
export function scrubSecrets(text: string, secret?: string): string {
  let out = text.replace(keyLike, '[redacted]');
  if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

function kindForStatus(status: number): ErrorKind {
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  return 'upstream';
}

/** Whose credential was sent: the gateway operator's, or the caller's own (BYOK). */
export type CredentialOwner = 'gateway' | 'caller';

const rejectedCredential = (provider: string, owner: CredentialOwner) =>
  owner === 'caller'
    ? `The ${provider} provider rejected your own (BYOK) credential for it; ask your admin to update or clear it.`
    : `The ${provider} provider rejected the gateway's credentials.`;

export function toUpstreamError(
  provider: string,
  status: number,
  parsed: ParsedUpstreamError,
  secret?: string,
  owner: CredentialOwner = 'gateway',
): UpstreamError {
  if (status === 401 || status === 403 || parsed.kind === 'authentication' || parsed.kind === 'permission') {
    return new UpstreamError('upstream', rejectedCredential(provider, owner), {
      provider,
      upstreamStatus: status,
      status: 502,
      code: 'upstream_authentication_failed',
      retryable: false,
    });
  }
  const kind = parsed.kind && parsed.kind !== 'internal' ? parsed.kind : kindForStatus(status);
  const publicStatus = status >= 500 || status < 400 ? (kind === 'overloaded' ? 503 : kind === 'timeout' ? 504 : 502) : status;
  const headers: Record<string, string> = {};
  if (parsed.retryAfterMs !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(parsed.retryAfterMs / 1000)));
  const message = scrubSecrets(parsed.message || `The ${provider} provider answered ${status}.`, secret);
  return new UpstreamError(kind, `${provider}: ${message}`, {
    provider,
    upstreamStatus: status,
    status: kind === 'rate_limit' ? 429 : publicStatus,
    code: parsed.code ?? null,
    param: parsed.param ?? null,
    headers,
    retryable: isRetryableStatus(status) || kind === 'rate_limit' || kind === 'overloaded',
    retryAfterMs: parsed.retryAfterMs,
  });
}

/** A network-level failure (DNS, reset, refused): always retryable, never shows internals. */
export function networkError(provider: string, cause: unknown): UpstreamError {
  return new UpstreamError('upstream', `Could not reach the ${provider} provider.`, {
    provider,
    upstreamStatus: 0,
    status: 502,
    code: 'upstream_unreachable',
    retryable: true,
    cause,
  });
}
