/**
 * Admin input that names something configured elsewhere is checked against it when it is
 * written, not when a caller later trips over it: a BYOK credential or an allow-list entry for
 * a provider the gateway does not know, or a key's `routing.defaultRoute` naming no configured
 * route (which used to answer every one of that key's chat requests with a 500). Each refusal
 * is a 400 naming the field.
 */
import type { Config } from '../config';
import { invalidRequest } from '../http/errors';

export function assertKnownProvider(config: Config, provider: string, param = 'provider'): void {
  if (config.knownProviders.has(provider)) return;
  throw invalidRequest(`Unknown provider '${provider}': not built in and not in SWITCHBOARD_CONFIG.providers.`, param, 'unknown_provider');
}

interface KeyReferences {
  allowedProviders?: string[] | null | undefined;
  routing?: { defaultRoute?: string | undefined } | null | undefined;
}

export function assertKeyReferences(config: Config, input: KeyReferences): void {
  input.allowedProviders?.forEach((provider, index) => {
    assertKnownProvider(config, provider, `allowedProviders[${index}]`);
  });
  const route = input.routing?.defaultRoute;
  if (route !== undefined && !Object.hasOwn(config.raw.routes ?? {}, route)) {
    throw invalidRequest(`routing.defaultRoute names no configured route ('${route}').`, 'routing.defaultRoute', 'unknown_route');
  }
}
