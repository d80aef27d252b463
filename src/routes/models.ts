/** `GET /v1/models`: the configured providers' known models, with context window, capabilities and price. */
import { Hono } from 'hono';
import { type Config, getConfig } from '../lib/config';
import type { AppEnv } from '../lib/http/context';
import { notFound } from '../lib/http/errors';
import { type ModelInfo, type ModelPrice, modelCatalog } from '../lib/models/model-catalog';
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
  .get('/v1/models/:provider/:model{.+}', (c) => {
    const { provider, model } = c.req.param();
    const config = getConfig(c.env);
    const entry = config.providers.has(provider) ? modelCatalog[provider]?.[model] : undefined;
    if (!entry) throw notFound(`The model '${provider}/${model}' is not known to this gateway.`, 'model_not_found');
    return c.json(toEntry(provider, model, entry, priceFor(provider, model, config)));
  });
