/**
 * Usage the provider never reported (a stream cut before its usage chunk by the client, a
 * break or a timeout; a host that sends none), counted with OpenAI's BPE tokenizer when the
 * model that answered is OpenAI-family: the prompt as sent and the text generated so far.
 * Still `estimated` (the provider did not say), marked `countedBy: "tokenizer"`. Other
 * models, or a tokenizer that fails to load, keep the ~4-characters estimate (usage/event.ts).
 * Runs before the after-response steps, so settlement, the usage event and the log agree.
 */
import { countOutputWith, countPromptWith } from '../models/bpe-count';
import { tokenizerFor } from '../models/bpe-tokenizer';
import type { RequestRecord } from './request-record';

export async function countUnreportedUsage(record: RequestRecord): Promise<void> {
  const answered = record.status >= 200 && record.status < 300;
  if (record.usage || !answered || record.cache === 'HIT' || !record.prompt) return;
  const model = record.model ?? record.attempts.at(-1)?.model;
  const tokenizer = model ? await tokenizerFor(model) : undefined;
  if (!tokenizer) return;
  record.usage = {
    inputTokens: countPromptWith(tokenizer, record.prompt),
    outputTokens: countOutputWith(tokenizer, record.outputText ?? [], record.outputChars ?? 0),
    estimated: true,
    countedBy: 'tokenizer',
  };
}
