/**
 * OpenAI's BPE encodings (o200k_base, cl100k_base), for counting OpenAI-family tokens when no
 * provider counting endpoint applies: a compatible host serving an OpenAI model, Azure, a count
 * endpoint that failed, a stream cut before the provider reported usage.
 *
 * The encodings are ~1 MB and ~2 MB of ranks (gpt-tokenizer, built into src/lazy/ by
 * scripts/vendor-tokenizer.mjs). wrangler uploads them as additional modules (wrangler.toml
 * `rules`, imported from src/lazy-modules.ts), so the main bundle carries only the `import()` below and an isolate pays for an
 * encoding on its first count, not at cold start. A failed load is retried on the next count.
 */
import { lazyModules } from '../../lazy-modules';

export type BpeEncoding = 'o200k_base' | 'cl100k_base';

export interface Tokenizer {
  readonly encoding: string;
  count(text: string): number;
}

/** GPT-4o and later (4.1, 4.5, 5, gpt-oss, o-series, codex): o200k. Older GPT-4 and 3.5, embeddings v3: cl100k. */
const O200K = /^(gpt-4o|chatgpt-4o|gpt-4\.[15]|gpt-5|gpt-oss|o[1-9](-|$)|codex|computer-use)/;
const CL100K = /^(gpt-4|gpt-3\.5|text-embedding-(3|ada-002))/;

/** The encoding of an OpenAI-family model id (`ft:` and an aggregator's `openai/` prefix allowed); undefined for others. */
export function encodingFor(model: string): BpeEncoding | undefined {
  const bare = model
    .toLowerCase()
    .replace(/^ft:/, '')
    .replace(/^openai\//, '');
  if (O200K.test(bare)) return 'o200k_base';
  if (CL100K.test(bare)) return 'cl100k_base';
  return undefined;
}

const loaders: Record<BpeEncoding, () => Promise<Tokenizer>> = lazyModules;

const loaded = new Map<BpeEncoding, Promise<Tokenizer>>();

/** The encoding's tokenizer, loaded once per isolate. */
export function loadTokenizer(encoding: BpeEncoding): Promise<Tokenizer> {
  let tokenizer = loaded.get(encoding);
  if (!tokenizer) {
    tokenizer = loaders[encoding]();
    tokenizer.catch(() => loaded.delete(encoding));
    loaded.set(encoding, tokenizer);
  }
  return tokenizer;
}

/** The tokenizer for an OpenAI-family model, or undefined (another family, or the encoding failed to load). */
export async function tokenizerFor(model: string): Promise<Tokenizer | undefined> {
  const encoding = encodingFor(model);
  if (!encoding) return undefined;
  try {
    return await loadTokenizer(encoding);
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', event: 'tokenizer.load_failed', encoding, error: String(error) }));
    return undefined;
  }
}
