/**
 * The Worker's lazily loaded modules (src/lazy/, built by scripts/vendor-tokenizer.mjs).
 *
 * scripts/build-worker.mjs leaves `import('./lazy/…')` external (kept as written) and copies
 * src/lazy/*.js to lazy/ beside the entry and its chunks, which sit in one folder, so the specifier
 * resolves from whichever chunk holds this module; wrangler.toml's `rules` upload them as ES
 * modules. These imports must be written from src/ itself, as here: an `import('../../lazy/…')`
 * deeper in src/ would be bundled instead (~3 MB).
 */
import type * as LazyTokenizer from './lazy/tokenizer-o200k.js';

export type LazyTokenizerModule = typeof LazyTokenizer;

export const lazyModules = {
  o200k_base: (): Promise<LazyTokenizerModule> => import('./lazy/tokenizer-o200k.js'),
  cl100k_base: (): Promise<LazyTokenizerModule> => import('./lazy/tokenizer-cl100k.js'),
};
