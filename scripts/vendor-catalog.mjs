#!/usr/bin/env node
// Vendors the price dataset into the Worker at build time, so it never fetches prices at run time.
// Source: @pydantic/genai-prices (MIT), a maintained, versioned price database with per-model match
// rules, cache read/write and 1-hour cache-write prices and context-size tiers.
// Trimmed to the providers in src/providers/catalog.ts and to the token prices the gateway bills.
//
//   npm install --save-dev @pydantic/genai-prices@latest && node scripts/vendor-catalog.mjs
//
// writes src/lib/models/vendored-prices.generated.ts (commit it; `--check` fails when it is stale).
import fs from 'node:fs';
import path from 'node:path';
import { findProvider } from '@pydantic/genai-prices';

const root = path.resolve(import.meta.dirname, '..');
const output = path.join(root, 'src/lib/models/vendored-prices.generated.ts');
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@pydantic/genai-prices/package.json'), 'utf8'));

/**
 * Gateway provider id → dataset provider id, and which of its models the gateway can call.
 * Left out (price them in SWITCHBOARD_CONFIG `pricing`): OpenRouter (700+ models, most of the
 * dataset's size), Azure (its model ids are the operator's deployment names), Together (the
 * dataset's list is legacy community models), the self-hosted servers (no list price).
 */
const PROVIDERS = {
  openai: { id: 'openai' },
  anthropic: { id: 'anthropic' },
  // The dataset's Google provider also lists Claude on Vertex, which the Gemini adapter does not call.
  gemini: { id: 'google', keep: /^gem/ },
  deepseek: { id: 'deepseek' },
  groq: { id: 'groq' },
  mistral: { id: 'mistral' },
  xai: { id: 'x-ai' },
};

/** Models no gateway endpoint serves (audio, realtime, speech, images, OCR, moderation, legacy completions). */
const NOT_SERVED =
  /audio|realtime|tts|transcribe|whisper|image|moderation|ocr|voxtral|live|computer-use|deep-research|^(ada|babbage|curie|davinci)$|text-davinci/i;

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

const now = Date.now();
const catalog = {};
let models = 0;
for (const [gatewayId, { id: datasetId, keep }] of Object.entries(PROVIDERS)) {
  const provider = findProvider({ providerId: datasetId });
  if (!provider) throw new Error(`dataset has no provider '${datasetId}'`);
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

if (process.argv.includes('--check')) {
  const current = fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(root, output)} is stale: run node scripts/vendor-catalog.mjs`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(output, text);
  console.log(`wrote ${path.relative(root, output)}: ${models} models, ${text.length} bytes`);
}
