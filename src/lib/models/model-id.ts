/**
 * What a model id may be, checked once before any work: at most 256 printable ASCII
 * characters (no spaces, no control characters). A model id travels into upstream URLs and
 * bodies and back out in the `x-switchboard-model` response header, where a CR, LF or NUL is
 * a `TypeError: Invalid header value` after the provider was already called and charged.
 * Provider-specific rules (Azure deployment names in URL paths) live in the adapter.
 */
import { invalidRequest } from '../http/errors';

export const MAX_MODEL_ID_LENGTH = 256;

const printable = /^[\x21-\x7e]+$/;

/** Why `model` is not an acceptable id, or `undefined` when it is. */
export function modelIdProblem(model: string): string | undefined {
  if (model.length === 0) return 'must not be empty';
  if (model.length > MAX_MODEL_ID_LENGTH) return `must be at most ${MAX_MODEL_ID_LENGTH} characters`;
  if (!printable.test(model)) return 'must be printable ASCII characters without spaces or control characters';
  return undefined;
}

/** Throw the gateway's 400 naming `param` when `model` is not an acceptable id. */
export function assertModelId(model: string, param = 'model'): void {
  const problem = modelIdProblem(model);
  if (problem) throw invalidRequest(`Invalid value for '${param}': a model id ${problem}.`, param, 'invalid_model_id');
}
