/**
 * Callers' own provider credentials (BYOK) in routing: a planned target uses the caller's
 * credential for its provider when the caller holds one (the key's, else its tenant's), else
 * the gateway's. A built-in provider the gateway has no key for is plannable for such callers,
 * and is dropped from the plan when the caller turns out to hold no credential for it either.
 */
import type { Target } from '../../providers/types';
import type { Config } from '../config';
import { resolveFailureToError, settingToSet } from '../models/model-resolution';
import { targetFor } from '../pipeline/chat-dispatch';
import type { PlannedTarget } from './route-plan';

/** The caller's own credential for a provider id, if any, and which one it is (never the secret). */
export type CredentialLookup = (provider: string) => Promise<{ secret: string; id: string } | undefined>;

const widened = new WeakMap<Config, Config>();

/** The config with the providers that only callers' own credentials can reach. */
export function withByokProviders(config: Config): Config {
  if (config.byokOnly.size === 0) return config;
  let view = widened.get(config);
  if (!view) {
    view = { ...config, providers: new Map([...config.providers, ...config.byokOnly]) };
    widened.set(config, view);
  }
  return view;
}

export async function withCallerCredentials(targets: PlannedTarget[], config: Config, lookup: CredentialLookup): Promise<PlannedTarget[]> {
  const owned = await Promise.all(targets.map((planned) => lookup(planned.target.provider)));
  const usable: PlannedTarget[] = [];
  targets.forEach((planned, position) => {
    const own = owned[position];
    if (own) usable.push({ ...planned, credentialId: own.id, target: { ...planned.target, apiKey: own.secret, callerCredential: true } });
    else if (config.providers.has(planned.target.provider)) usable.push(planned);
  });
  const first = targets[0];
  if (usable.length === 0 && first) {
    const provider = first.target.provider;
    throw resolveFailureToError({
      reason: 'provider-not-configured',
      provider,
      apiKeyVar: settingToSet(config.knownProviders.get(provider)),
    });
  }
  return usable;
}

/**
 * One target for `model`, with the caller's own credential when it holds one, else the
 * gateway's: the path a surface without routing (embeddings) takes, so BYOK applies to it
 * exactly as to chat. A provider reachable only with a caller credential the caller lacks is
 * `provider_not_configured`, as in chat.
 */
export async function callerTarget(model: string, config: Config, lookup: CredentialLookup | undefined): Promise<Target> {
  const target = targetFor(model, lookup ? withByokProviders(config) : config);
  const own = lookup ? await lookup(target.provider) : undefined;
  if (own) return { ...target, apiKey: own.secret };
  if (!config.providers.has(target.provider)) {
    const provider = target.provider;
    throw resolveFailureToError({ reason: 'provider-not-configured', provider, apiKeyVar: config.knownProviders.get(provider)?.apiKeyVar });
  }
  return target;
}
