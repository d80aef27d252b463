/**
 * `GET /v1/models`: the configured providers' known models (the vendored dataset, the hand-kept
 * table and the operator's `models`: model-info.ts), with context window, capabilities and price.
 */
import { Hono } from 'hono';
import { type Config, getConfig } from '../lib/config';
import type { AppEnv } from '../lib/http/context';
import { notFound } from '../lib/http/errors';
import type { ModelInfo, ModelPrice } from '../lib/models/model-catalog';
import { knownModelIds, modelInfo, overrideFor } from '../lib/models/model-info';
import { resolveModel } from '../lib/models/model-resolution';
import { priceFor } from '../lib/models/pricing';

const toEntry = (provider: string, model: string, info: ModelInfo, price: ModelPrice | undefined) => ({
  id: `${provider}/${model}`,
  object: 'model',
  created: 0,
  owned_by: provider,
  context_window: info.contextWindow ?? null,
  max_output_tokens: info.maxOutputTokens ?? null,
  capabilities: info.capabilities ?? null,
  pricing: price
    ? {
        currency: 'USD',
        unit: '1M tokens',
        input: price.input,
        output: price.output,
        cache_read: price.cacheRead ?? null,
        cache_write: price.cacheWrite ?? null,
      }
    : null,
});

function listModels(config: Config) {
  const data = [];
  for (const [provider, { options }] of config.providers) {
    for (const model of knownModelIds(provider, options)) {
      const info = modelInfo(provider, model, overrideFor(options, model));
      if (info) data.push(toEntry(provider, model, info, priceFor(provider, model, config)));
    }
  }
  return data;
}

export const modelRoutes = new Hono<AppEnv>()
  .get('/v1/models', (c) => c.json({ object: 'list', data: listModels(getConfig(c.env)) }))
  // `provider/model`, with the slash literal or encoded (`openai%2Fgpt-4o`, what the official
  // SDKs' models.retrieve sends), or a bare id, found as a request's model would be.
  .get('/v1/models/:id{.+}', (c) => {
    const id = c.req.param('id');
    const config = getConfig(c.env);
    const resolved = resolveModel(id, config);
    const entry = resolved.ok
      ? modelInfo(resolved.value.provider.id, resolved.value.model, overrideFor(resolved.value.provider.options, resolved.value.model))
      : undefined;
    if (!resolved.ok || !entry) throw notFound(`The model '${id}' is not known to this gateway.`, 'model_not_found');
    const { provider, model } = { provider: resolved.value.provider.id, model: resolved.value.model };
    return c.json(toEntry(provider, model, entry, priceFor(provider, model, config)));
  });
