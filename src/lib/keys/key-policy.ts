/**
 * A key's model and provider allow-lists, enforced for every chat, messages and embeddings
 * request (and for every fallback target a router tries: call `checkTargetAllowed` per target).
 * Patterns are `provider/model` with `*` matching any run of characters; absent list = all.
 */
import type { Config } from '../config';
import { GatewayError } from '../http/errors';
import { resolveModel } from '../models/model-resolution';
import { modelAllowed, providerAllowed } from '../routing/key-permissions';
import type { GatewayKey } from './gateway-key';

export interface NamedTarget {
  provider: string;
  model: string;
}

/** Throws a 403 when `key` may not call `target`; `requested` (an alias, say) may match too. */
export function checkTargetAllowed(key: GatewayKey, target: NamedTarget, requested?: string): void {
  if (!providerAllowed(key, target.provider)) {
    throw new GatewayError(
      'permission',
      `This gateway key may not use provider '${target.provider}'. Allowed providers: ${key.allowedProviders?.join(', ') || '(none)'}.`,
      { code: 'provider_not_allowed', param: 'model' },
    );
  }
  const full = `${target.provider}/${target.model}`;
  const allowed = key.allowedModels;
  if (allowed && !modelAllowed(key, target.provider, target.model, requested)) {
    throw new GatewayError(
      'permission',
      `This gateway key may not use model '${full}'. Allowed models: ${allowed.join(', ') || '(none)'}.`,
      {
        code: 'model_not_allowed',
        param: 'model',
      },
    );
  }
}

/**
 * The provider and model a requested name points at, whether or not the gateway holds a
 * credential for that provider (a caller's own BYOK credential may serve it). Undefined for
 * names the router resolves itself (aliases) or cannot resolve (it reports those).
 */
export function requestedTarget(model: string, config: Config): NamedTarget | undefined {
  const resolved = resolveModel(model, config);
  if (resolved.ok) return { provider: resolved.value.provider.id, model: resolved.value.model };
  if (resolved.error.reason === 'provider-not-configured' && model.startsWith(`${resolved.error.provider}/`)) {
    return { provider: resolved.error.provider, model: model.slice(resolved.error.provider.length + 1) };
  }
  return undefined;
}
