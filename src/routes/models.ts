/** `GET /v1/models`: the configured providers' known models, with context window, capabilities and price. */
import { Hono } from 'hono';
import { type Config, getConfig } from '../lib/config';
import type { AppEnv } from '../lib/http/context';
import { notFound } from '../lib/http/errors';
import { type ModelInfo, type ModelPrice, modelCatalog } from '../lib/models/model-catalog';
import { resolveModel } from '../lib/models/model-resolution';
import { priceFor } from '../lib/models/pricing';

const toEntry = (provider: string, model: string, info: ModelInfo, price: ModelPrice | undefined) => ({
  id: `${provider}/${model}`,
  object: 'model',
  created: 0,
  owned_by: provider,
  context_window: info.contextWindow ?? null,
  max_output_tokens: info.maxOutputTokens ?? null,
  capabilities: info.capabilities,
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
  for (const provider of config.providers.keys()) {
    for (const [model, info] of Object.entries(modelCatalog[provider] ?? {}))
      data.push(toEntry(provider, model, info, priceFor(provider, model, config)));
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
    const entry = resolved.ok ? modelCatalog[resolved.value.provider.id]?.[resolved.value.model] : undefined;
    if (!resolved.ok || !entry) throw notFound(`The model '${id}' is not known to this gateway.`, 'model_not_found');
    const { provider, model } = { provider: resolved.value.provider.id, model: resolved.value.model };
    return c.json(toEntry(provider, model, entry, priceFor(provider, model, config)));
  });
