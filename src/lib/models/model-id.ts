/**
 * What a model id may be, checked before any work: where each request's model is parsed (the
 * chat, messages and embeddings schemas, the `x-switchboard-route` header) and by the general
 * input-hardening layer. At most 256 characters, no control characters: a model id travels into
 * upstream URLs and bodies and back out in the `x-switchboard-model` response header, where a
 * CR, LF or NUL is a `TypeError: Invalid header value` after the provider was already called
 * and charged, and the usage ledger stores up to this length. No provider's ids hold white space. Provider-specific rules (Azure
 * deployment names in URL paths) live in the adapter.
 */
import * as z from '../zod';

/** Longest model id accepted, `provider/` prefix included; the usage event stores up to this. */
export const MAX_MODEL_ID_CHARS = 256;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const WHITE_SPACE = /\s/;

/** Why `id` is not an acceptable model id, or undefined when it is. */
export function modelIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'must not be empty';
  if (id.length > MAX_MODEL_ID_CHARS) return `must be at most ${MAX_MODEL_ID_CHARS} characters (got ${id.length})`;
  if (CONTROL_CHARACTER.test(id)) return 'must not contain control characters';
  if (WHITE_SPACE.test(id)) return 'must not contain white space';
  return undefined;
}

/** The model field of a public request schema. */
export const modelIdSchema = z.string().check(
  z.superRefine((id, context) => {
    const problem = modelIdProblem(id);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }),
);
