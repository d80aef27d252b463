/**
 * Cache key derivation. The key is the SHA-256 of the canonical request in deterministic JSON,
 * stored under a prefix that names the scope (tenant, else key id) and the model, so
 *  - one scope can never read another's entries (the scope is part of the KV key, not the hash);
 *  - admins can delete by scope or by model with a KV prefix list.
 */
import type { ChatRequest } from '../canonical';
import type { Config } from '../config';
import { sha256Hex } from '../keys/crypto';
import type { GatewayKey } from '../keys/gateway-key';
import { resolveModel } from '../models/model-resolution';
import { forwardOf } from '../pipeline/same-dialect';
import { canonicalJson } from './canonical-json';

/** Bump when the entry format or the key material changes: old entries are then never read. */
export const CACHE_FORMAT_VERSION = 1;
export const CACHE_PREFIX = `cache:v${CACHE_FORMAT_VERSION}:` as const;

/**
 * Request fields that never change the output, left out of the key:
 * transport (`stream`, `stream_options`), caller bookkeeping (`user`, `metadata`,
 * `safety_identifier`, `store`, `prompt_cache_key`: the provider's own prompt cache hint).
 * Everything else (messages, tools, tool_choice, response_format, stop, max_tokens, seed,
 * temperature, top_p, penalties, logprobs, reasoning and provider extras …) is in the key.
 */
export const FIELDS_OUTSIDE_KEY = [
  'stream',
  'stream_options',
  'user',
  'metadata',
  'safety_identifier',
  'store',
  'prompt_cache_key',
] as const;

/** The entries of one tenant (or of one key, when it has no tenant). */
export function cacheScope(key: Pick<GatewayKey, 'id' | 'tenant'>): string {
  return key.tenant ? `tenant:${key.tenant}` : `key:${key.id}`;
}

/** `provider/model` as resolved from config; an alias or unresolvable name stays as the caller wrote it. */
export function cacheModel(requestedModel: string, config: Config): string {
  const resolved = resolveModel(requestedModel, config);
  return resolved.ok ? `${resolved.value.provider.id}/${resolved.value.model}` : requestedModel;
}

export function scopePrefix(scope: string): string {
  return `${CACHE_PREFIX}${encodeURIComponent(scope)}:`;
}

export function modelPrefix(scope: string, model: string): string {
  return `${scopePrefix(scope)}${encodeURIComponent(model)}:`;
}

/** What the hash covers: the endpoint, the resolved model and every output-affecting field. */
export function keyMaterial(endpoint: string, model: string, request: ChatRequest): string {
  const fields: Record<string, unknown> = { ...request, model };
  for (const name of FIELDS_OUTSIDE_KEY) delete fields[name];
  // A Responses body may go to OpenAI as written (the same-dialect lane), with what the canonical
  // request does not carry (built-in tools, fields translation drops): the key covers it too.
  const forward = forwardOf(request);
  if (forward?.dialect === 'openai-responses') {
    const body: Record<string, unknown> = { ...forward.body };
    for (const name of [...FIELDS_OUTSIDE_KEY, 'model']) delete body[name];
    fields.responses_body = body;
  }
  return canonicalJson({ endpoint, version: CACHE_FORMAT_VERSION, request: fields });
}

export interface CacheKey {
  /** Full KV key: prefix, scope, model, hash. */
  name: string;
  hash: string;
  scope: string;
  model: string;
}

export async function deriveCacheKey(scope: string, endpoint: string, model: string, request: ChatRequest): Promise<CacheKey> {
  const hash = await sha256Hex(keyMaterial(endpoint, model, request));
  return { name: `${modelPrefix(scope, model)}${hash}`, hash, scope, model };
}
