/**
 * Gemini thought signatures on parts that are not function calls (WIRE-NOTES §5: Gemini 2.5
 * and 3 sign text parts too, often a final part with empty text, sometimes a thought part).
 * Google's rule: hand every signature back on the part it came with, parts not merged.
 *
 * The canonical answer joins the text parts into one string, so a signed part is kept as a
 * reasoning block (the channel every surface already hands back: chat `thinking_blocks`,
 * Anthropic `thinking` blocks, Responses reasoning items) whose signature says where the part
 * was, self-describing like OpenAI's (responses/reasoning.ts):
 *
 *     gemini-text:<start>:<end>:<calls before>:<thoughtSignature>
 *
 * `start`/`end` are UTF-16 offsets of the part's text in the turn's visible text (a thought
 * part or an empty part: `start = end`), `calls before` the number of function calls before it.
 * Next turn the text is cut again at those offsets and each signed piece gets its signature;
 * an empty piece becomes `{text: "", thoughtSignature}` where it was. Anthropic and OpenAI
 * cannot verify such a block and leave it out.
 */
import type { ReasoningBlock } from '../../lib/canonical';
import type { GeminiPart } from './wire';

export const GEMINI_TEXT_SIGNATURE_PREFIX = 'gemini-text:';

interface SignedRange {
  start: number;
  end: number;
  callsBefore: number;
  signature: string;
}

export function isGeminiTextSignature(signature: string | undefined): boolean {
  return signature?.startsWith(GEMINI_TEXT_SIGNATURE_PREFIX) === true;
}

export function textSignatureBlock(start: number, end: number, callsBefore: number, signature: string, thinking = ''): ReasoningBlock {
  return { type: 'thinking', thinking, signature: `${GEMINI_TEXT_SIGNATURE_PREFIX}${start}:${end}:${callsBefore}:${signature}` };
}

function parseRange(block: { type: string; signature?: string | undefined }): SignedRange | undefined {
  if (block.type !== 'thinking' || !isGeminiTextSignature(block.signature)) return undefined;
  const match = /^(\d+):(\d+):(\d+):(.+)$/s.exec((block.signature ?? '').slice(GEMINI_TEXT_SIGNATURE_PREFIX.length));
  if (!match) return undefined;
  const [, start, end, callsBefore, signature] = match;
  const range = { start: Number(start), end: Number(end), callsBefore: Number(callsBefore), signature: signature ?? '' };
  return range.start <= range.end ? range : undefined;
}

/** Whether any of a turn's blocks is a Gemini text signature. */
export function hasTextSignatures(blocks: { type: string; signature?: string | undefined }[] | undefined): boolean {
  return (blocks ?? []).some((block) => parseRange(block) !== undefined);
}

/**
 * A model turn's parts: its text cut at the signed ranges (each signed piece with its
 * signature, empty ones where they were), with `calls` placed after the text and each empty
 * signed part after the calls that preceded it. A range the text no longer fits (the client
 * edited the history) is clamped to it.
 */
export function signedModelParts(
  text: string,
  blocks: { type: string; signature?: string | undefined }[] | undefined,
  calls: GeminiPart[],
): GeminiPart[] {
  const ranges = (blocks ?? [])
    .flatMap((block) => parseRange(block) ?? [])
    .map((range) => {
      const end = Math.min(range.end, text.length);
      return { ...range, start: Math.min(range.start, end), end };
    });
  if (ranges.length === 0) return [...(text ? [{ text }] : []), ...calls];
  const cuts = [...new Set([0, text.length, ...ranges.flatMap((range) => [range.start, range.end])])].sort((a, b) => a - b);
  const textParts: GeminiPart[] = [];
  const emptyAt = (offset: number, callsBefore: (n: number) => boolean) =>
    ranges
      .filter((range) => range.start === offset && range.end === offset && callsBefore(range.callsBefore))
      .map((range): GeminiPart => ({ text: '', thoughtSignature: range.signature }));
  for (let i = 0; i < cuts.length; i++) {
    const start = cuts[i] ?? 0;
    textParts.push(...emptyAt(start, (n) => n === 0 || calls.length === 0));
    const end = cuts[i + 1];
    if (end === undefined || end === start) continue;
    const piece: GeminiPart = { text: text.slice(start, end) };
    const signed = ranges.find((range) => range.start === start && range.end === end);
    if (signed) piece.thoughtSignature = signed.signature;
    textParts.push(piece);
  }
  const parts = textParts;
  calls.forEach((call, position) => {
    parts.push(call);
    const after = ranges.filter((range) => range.start === range.end && range.callsBefore === position + 1);
    parts.push(...after.map((range): GeminiPart => ({ text: '', thoughtSignature: range.signature })));
  });
  // Empty parts recorded after more calls than the turn still has go last.
  parts.push(
    ...ranges
      .filter((range) => range.start === range.end && range.callsBefore > calls.length && calls.length > 0)
      .map((range): GeminiPart => ({ text: '', thoughtSignature: range.signature })),
  );
  return parts;
}
