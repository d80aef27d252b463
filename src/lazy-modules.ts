/**
 * The Worker's lazily loaded modules (src/lazy/, built by scripts/vendor-tokenizer.mjs).
 *
 * wrangler.toml's `rules` + `find_additional_modules` upload src/lazy/*.js beside the main
 * module and leave `import()` of them out of the bundle. wrangler keeps the specifier as
 * written, and the uploaded names are relative to src/ (the main module's folder), so these
 * imports must be written from src/ itself: `./lazy/…` is right both here and in the bundle.
 * (An `import('../../lazy/…')` deeper in src/ would be bundled whole, ~3 MB.)
 */
import type * as LazyTokenizer from './lazy/tokenizer-o200k.js';

export type LazyTokenizerModule = typeof LazyTokenizer;

export const lazyModules = {
  o200k_base: (): Promise<LazyTokenizerModule> => import('./lazy/tokenizer-o200k.js'),
  cl100k_base: (): Promise<LazyTokenizerModule> => import('./lazy/tokenizer-cl100k.js'),
};
