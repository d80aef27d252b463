/**
 * Which upstream holds a stored response too (the same-dialect lane to a host that keeps
 * responses), and whether a next turn's target is that upstream: same provider, same base URL,
 * same credential. The credential is recorded as a tag (a truncated SHA-256), never the secret:
 * a rotated or different key (BYOK) gets the conversation rebuilt, which is always correct.
 */
import type { Target } from '../../providers/types';
import type { StoredUpstream } from './types';

async function credentialTag(target: Target): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${target.baseUrl}\n${target.apiKey ?? ''}`));
  return [...new Uint8Array(digest, 0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function upstreamOf(target: Target): Promise<StoredUpstream> {
  return { provider: target.provider, credential: await credentialTag(target) };
}

export async function isStoredAt(upstream: StoredUpstream | undefined, target: Target): Promise<boolean> {
  if (!upstream || upstream.provider !== target.provider) return false;
  return upstream.credential === (await credentialTag(target));
}
