/**
 * `provider/model` or a bare model (default provider) → the provider and upstream model id.
 * Only configured providers are reachable: the caller names a provider id, never a host.
 */
import type { Config, ConfiguredProvider, KnownProvider } from '../config';
import { GatewayError } from '../http/errors';
import { err, ok, type Result } from '../result';

export interface ResolvedModel {
  provider: ConfiguredProvider;
  model: string;
}

export type ResolveFailure =
  | { reason: 'provider-not-configured'; provider: string; apiKeyVar?: string }
  | { reason: 'unknown-provider'; provider: string }
  | { reason: 'no-default-provider'; model: string }
  | { reason: 'empty-model' };

export function resolveModel(model: string, config: Config): Result<ResolvedModel, ResolveFailure> {
  const slash = model.indexOf('/');
  if (slash > 0) {
    const providerId = model.slice(0, slash);
    const upstreamModel = model.slice(slash + 1);
    const provider = config.providers.get(providerId);
    if (provider) return upstreamModel ? ok({ provider, model: upstreamModel }) : err({ reason: 'empty-model' });
    const known = config.knownProviders.get(providerId);
    if (known) return err({ reason: 'provider-not-configured', provider: providerId, apiKeyVar: settingToSet(known) });
  }
  // A bare name, or a slash that is part of the model id (e.g. OpenRouter's `meta-llama/…`).
  if (!config.defaultProvider) {
    return slash > 0 ? err({ reason: 'unknown-provider', provider: model.slice(0, slash) }) : err({ reason: 'no-default-provider', model });
  }
  const provider = config.providers.get(config.defaultProvider);
  if (!provider) {
    const known = config.knownProviders.get(config.defaultProvider);
    return err({ reason: 'provider-not-configured', provider: config.defaultProvider, apiKeyVar: settingToSet(known) });
  }
  return ok({ provider, model });
}

/** The variable an operator sets to configure a provider: its key, or for keyless servers (vLLM, Ollama) its URL. */
export function settingToSet(known: KnownProvider | undefined): string | undefined {
  return known?.keyless ? known.baseUrlVar : known?.apiKeyVar;
}

export function resolveFailureToError(failure: ResolveFailure): GatewayError {
  switch (failure.reason) {
    case 'provider-not-configured':
      return new GatewayError(
        'invalid_request',
        `Provider '${failure.provider}' is not configured on this gateway${failure.apiKeyVar ? ` (its operator has not set ${failure.apiKeyVar})` : ''}.`,
        { code: 'provider_not_configured', param: 'model' },
      );
    case 'unknown-provider':
      return new GatewayError('not_found', `Unknown provider '${failure.provider}'. Use 'provider/model', e.g. 'openai/gpt-4o-mini'.`, {
        code: 'model_not_found',
        param: 'model',
      });
    case 'no-default-provider':
      return new GatewayError('not_found', `Model '${failure.model}' names no provider and this gateway has no default provider.`, {
        code: 'model_not_found',
        param: 'model',
      });
    case 'empty-model':
      return new GatewayError('invalid_request', 'The model name after the provider prefix is empty.', { param: 'model' });
  }
}
