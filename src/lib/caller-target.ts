/**
 * The target for a requested model with the caller's own provider credential (BYOK) in
 * place of the gateway's, when the caller holds one. A built-in provider the gateway has no
 * credential for is reachable this way too; without a caller credential it stays "not configured".
 */
import { toTarget } from './chat-dispatch';
import type { Config } from './config';
import { resolveFailureToError, resolveModel } from './model-resolution';
import type { Target } from '../providers/types';

/** The caller's own credential for a provider id, if any. */
export type CredentialLookup = (provider: string) => Promise<string | undefined>;

export async function targetWithCallerCredential(model: string, config: Config, lookup?: CredentialLookup): Promise<Target> {
  const resolved = resolveModel(model, config);
  if (resolved.ok) {
    const target = toTarget(resolved.value);
    const own = lookup ? await lookup(target.provider) : undefined;
    return own ? { ...target, apiKey: own } : target;
  }
  const failure = resolved.error;
  if (lookup && failure.reason === 'provider-not-configured' && model.startsWith(`${failure.provider}/`)) {
    const provider = config.byokOnly.get(failure.provider);
    const upstreamModel = model.slice(failure.provider.length + 1);
    const own = provider && upstreamModel ? await lookup(provider.id) : undefined;
    if (provider && own) return { ...toTarget({ provider, model: upstreamModel }), apiKey: own };
  }
  throw resolveFailureToError(failure);
}
