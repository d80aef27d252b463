/**
 * Which targets a gateway key may call: `allowedProviders` (provider ids) and `allowedModels`
 * (`provider/model` patterns with `*`; a pattern equal to a route name also admits that route).
 * Absent lists allow everything.
 */
import type { GatewayKey } from '../keys/gateway-key';

const patternCache = new Map<string, RegExp>();

function patternToRegExp(pattern: string): RegExp {
  let compiled = patternCache.get(pattern);
  if (!compiled) {
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
    compiled = new RegExp(`^${escaped}$`);
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

export type KeyPolicy = Pick<GatewayKey, 'allowedModels' | 'allowedProviders'>;

/** Does a `*` pattern match the whole name? */
export function patternMatches(pattern: string, name: string): boolean {
  return patternToRegExp(pattern).test(name);
}

export function providerAllowed(key: KeyPolicy, provider: string): boolean {
  return !key.allowedProviders || key.allowedProviders.includes(provider);
}

/** The model part alone: `provider/model`, or the name it was requested by (a route, an alias). */
export function modelAllowed(key: KeyPolicy, provider: string, model: string, requested?: string): boolean {
  if (!key.allowedModels) return true;
  const name = `${provider}/${model}`;
  return key.allowedModels.some(
    (pattern) => patternMatches(pattern, name) || (requested !== undefined && patternMatches(pattern, requested)),
  );
}

/** May this key call `provider/model`, reached through `route` (a route name) if any? */
export function keyMayUse(key: KeyPolicy, provider: string, model: string, route?: string): boolean {
  return providerAllowed(key, provider) && modelAllowed(key, provider, model, route);
}
