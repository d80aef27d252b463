/**
 * A JSON nesting limit, checked on the raw text before `JSON.parse` and before anything
 * walks the value recursively (the cache key's canonical JSON, schema conversion for
 * providers): 3,000 levels of `tools` or `response_format` used to end in `RangeError:
 * Maximum call stack size exceeded`, a 500. Real requests nest a few levels beyond their
 * schema (JSON Schema in tools, content parts); 64 leaves ample room.
 */
import { invalidRequest } from './errors';

export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of `[`/`{` in `text`, stopping early once past `limit` (strings skipped). */
export function jsonDepthExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > limit) return true;
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** Throw the gateway's 400 naming the limit when `text` nests deeper than `MAX_JSON_DEPTH`. */
export function assertJsonDepth(text: string): void {
  if (jsonDepthExceeds(text)) {
    throw invalidRequest(`The request body nests JSON deeper than ${MAX_JSON_DEPTH} levels.`, null, 'json_too_deep');
  }
}
