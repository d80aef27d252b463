/** A lazily loaded BPE tokenizer (scripts/vendor-tokenizer.mjs; loaded by lib/models/bpe-tokenizer.ts). */
export const encoding: string;
/** Tokens in `text` (special-token text counted as ordinary text). */
export function count(text: string): number;
