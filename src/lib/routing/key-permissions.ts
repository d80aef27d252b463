/**
 * Which targets a gateway key may call: `allowedProviders` (provider ids) and `allowedModels`
 * (`provider/model` patterns with `*`; a pattern equal to a route name also admits that route).
 * Absent lists allow everything.
 */
import type { GatewayKey } from '../keys';

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

/** May this key call `provider/model`, reached through `route` (a route name) if any? */
export function keyMayUse(key: KeyPolicy, provider: string, model: string, route?: string): boolean {
  if (key.allowedProviders && !key.allowedProviders.includes(provider)) return false;
  if (!key.allowedModels) return true;
  const name = `${provider}/${model}`;
  return key.allowedModels.some((pattern) => (route !== undefined && pattern === route) || patternToRegExp(pattern).test(name));
}
