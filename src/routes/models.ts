/** `GET /v1/models`: the configured providers' known models, with context window, capabilities and price. */
import { Hono } from 'hono';
import { getConfig } from '../lib/config';
import type { AppEnv } from '../lib/http/context';
import { notFound } from '../lib/http/errors';
import { type ModelInfo, modelCatalog } from '../lib/models/model-catalog';
import { resolveModel } from '../lib/models/model-resolution';

const toEntry = (provider: string, model: string, info: ModelInfo) => ({
  id: `${provider}/${model}`,
  object: 'model',
  created: 0,
  owned_by: provider,
  context_window: info.contextWindow ?? null,
  max_output_tokens: info.maxOutputTokens ?? null,
  capabilities: info.capabilities,
  pricing: info.price
    ? {
        currency: 'USD',
        unit: '1M tokens',
        input: info.price.input,
        output: info.price.output,
        cache_read: info.price.cacheRead ?? null,
        cache_write: info.price.cacheWrite ?? null,
      }
    : null,
});

function listModels(providers: Iterable<string>) {
  const data = [];
  for (const provider of providers) {
    for (const [model, info] of Object.entries(modelCatalog[provider] ?? {})) data.push(toEntry(provider, model, info));
  }
  return data;
}

export const modelRoutes = new Hono<AppEnv>()
  .get('/v1/models', (c) => c.json({ object: 'list', data: listModels(getConfig(c.env).providers.keys()) }))
  // `provider/model`, with the slash literal or encoded (`openai%2Fgpt-4o`, what the official
  // SDKs' models.retrieve sends), or a bare id, found as a request's model would be.
  .get('/v1/models/:id{.+}', (c) => {
    const id = c.req.param('id');
    const resolved = resolveModel(id, getConfig(c.env));
    const entry = resolved.ok ? modelCatalog[resolved.value.provider.id]?.[resolved.value.model] : undefined;
    if (!resolved.ok || !entry) throw notFound(`The model '${id}' is not known to this gateway.`, 'model_not_found');
    return c.json(toEntry(resolved.value.provider.id, resolved.value.model, entry));
  });
