/**
 * The model a caller names → the provider and upstream model id (docs/routing.md, "Which
 * provider a model id goes to"). In order:
 * 1. `provider/model` with a configured provider id → that provider (a known but unconfigured
 *    provider id is a 400 `provider_not_configured`, unless the default is an aggregator);
 * 2. a bare id the model catalog lists (model-info.ts: the vendored dataset, the hand-kept
 *    table, the operator's `models`) → the first configured provider listing it;
 * 3. a bare id of a known family (`claude-…`, `gemini-…`, `gpt-…`/`o3…`, `deepseek-…`,
 *    `grok-…`; `modelIds` in providers/catalog.ts) → that provider, when configured;
 * 4. anything else → the default provider, only when it is an aggregator (`aggregator: true`:
 *    OpenRouter, Together, Groq, self-hosted servers), whose ids the gateway cannot know;
 * 5. otherwise 404 `model_not_found` (or `provider_not_configured` for a known family), so no
 *    upstream is ever called with a model it cannot have.
 * Only configured providers are reachable: the caller names a provider id, never a host.
 */
import { builtInProviders, type ProviderDefinition } from '../../providers/catalog';
import type { Config, ConfiguredProvider, KnownProvider } from '../config';
import { GatewayError } from '../http/errors';
import { err, ok, type Result } from '../result';
import { listsModel } from './model-info';

export interface ResolvedModel {
  provider: ConfiguredProvider;
  model: string;
}

export type ResolveFailure =
  | { reason: 'provider-not-configured'; provider: string; apiKeyVar?: string }
  | { reason: 'unknown-provider'; provider: string }
  | { reason: 'no-default-provider'; model: string }
  | { reason: 'unknown-model'; model: string }
  | { reason: 'empty-model' };

/** The built-in provider whose model family a bare id belongs to. */
function familyOf(model: string): string | undefined {
  for (const [id, definition] of Object.entries(builtInProviders) as [string, ProviderDefinition][]) {
    if (definition.modelIds?.test(model)) return id;
  }
  return undefined;
}

/** A configured provider that is known to serve this bare id: by the catalog, then by family. */
function ownerOf(model: string, config: Config): ConfiguredProvider | undefined {
  for (const provider of config.providers.values()) {
    if (listsModel(provider.id, model, provider.options)) return provider;
  }
  const family = familyOf(model);
  return family ? config.providers.get(family) : undefined;
}

function notConfigured(providerId: string, config: Config): ResolveFailure {
  return { reason: 'provider-not-configured', provider: providerId, apiKeyVar: settingToSet(config.knownProviders.get(providerId)) };
}

export function resolveModel(model: string, config: Config): Result<ResolvedModel, ResolveFailure> {
  const slash = model.indexOf('/');
  if (slash > 0) {
    const providerId = model.slice(0, slash);
    const upstreamModel = model.slice(slash + 1);
    const provider = config.providers.get(providerId);
    if (provider) return upstreamModel ? ok({ provider, model: upstreamModel }) : err({ reason: 'empty-model' });
    // An aggregator's ids look like ours (`anthropic/claude-…` on OpenRouter): it takes them when ours is absent.
    const aggregator = config.defaultProvider ? config.providers.get(config.defaultProvider)?.options.aggregator : false;
    if (config.knownProviders.has(providerId) && !aggregator) return err(notConfigured(providerId, config));
  } else {
    const owner = ownerOf(model, config);
    if (owner) return ok({ provider: owner, model });
  }
  // An id the gateway cannot place: a bare name, or a slash inside the id (OpenRouter's `meta-llama/…`).
  const fallback = config.defaultProvider ? config.providers.get(config.defaultProvider) : undefined;
  if (fallback?.options.aggregator) return ok({ provider: fallback, model });
  const family = slash > 0 ? undefined : familyOf(model);
  if (family) return err(notConfigured(family, config));
  if (config.defaultProvider && !fallback) return err(notConfigured(config.defaultProvider, config));
  if (slash > 0) return err({ reason: 'unknown-provider', provider: model.slice(0, slash) });
  return err(config.defaultProvider ? { reason: 'unknown-model', model } : { reason: 'no-default-provider', model });
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
    case 'unknown-model':
      return new GatewayError(
        'not_found',
        `The model '${failure.model}' is not known to this gateway. Name its provider, e.g. 'openai/gpt-4o-mini'.`,
        { code: 'model_not_found', param: 'model' },
      );
    case 'empty-model':
      return new GatewayError('invalid_request', 'The model name after the provider prefix is empty.', { param: 'model' });
  }
}
