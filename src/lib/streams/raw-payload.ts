/**
 * Lines of an upstream body that are not SSE at all: a bare JSON error object after the last
 * event (Gemini and Vertex end a failed stream that way, WIRE-NOTES §5) or a whole JSON array
 * stream (`streamGenerateContent` without `alt=sse`: `[{…}\n,\r\n{…}]`, pretty-printed).
 * The SSE parser reports each such line as an unknown field; this collects them and hands every
 * complete JSON value to the provider decoder as if it had been a `data:` payload, so a failure
 * is never dropped between the parser and the decoder.
 *
 * A value is tried when a line that starts at column 0 ends with `}` or `]` (a single-line
 * object, or the closing brace of a pretty-printed one); inner lines of a pretty-printed value
 * are indented. What never parses is handed over as is when the stream ends, so the decoder
 * reports a malformed chunk rather than nothing.
 */
import type { SseMessage } from '../../providers/types';

/** Longest run of non-SSE text kept while waiting for it to become a JSON value (1 MiB of characters). */
const MAX_RAW_CHARS = 1 << 20;

export interface RawPayloadCollector {
  /** One non-SSE line, without its line terminator. */
  line(text: string): void;
  /** Hand over whatever is buffered (before the next SSE event, and at the end of the body). */
  flush(): void;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Strip the array punctuation around one element of a JSON array stream. */
function element(text: string): string {
  return text
    .trim()
    .replace(/^[[,]\s*/, '')
    .replace(/\s*[\],]$/, '')
    .trim();
}

export function createRawPayloadCollector(deliver: (message: SseMessage) => void): RawPayloadCollector {
  let buffer = '';

  const deliverValue = (value: unknown) => {
    if (Array.isArray(value)) for (const item of value) deliver({ data: JSON.stringify(item) });
    else deliver({ data: JSON.stringify(value) });
  };

  /** Deliver the buffer if it holds a complete value; `force` hands over even what does not parse. */
  const attempt = (force: boolean) => {
    const whole = buffer.trim();
    if (whole === '') {
      buffer = '';
      return;
    }
    const parsed = tryParse(whole);
    if (parsed.ok) {
      buffer = '';
      return deliverValue(parsed.value);
    }
    const single = element(whole);
    if (single === '') {
      buffer = '';
      return;
    }
    const item = tryParse(single);
    if (item.ok) {
      buffer = '';
      return deliverValue(item.value);
    }
    if (force || buffer.length > MAX_RAW_CHARS) {
      buffer = '';
      deliver({ data: whole.slice(0, 4096) });
    }
  };

  return {
    line(text) {
      buffer += `${text}\n`;
      const trimmed = text.trimEnd();
      const startsAtColumnZero = trimmed !== '' && !/^\s/.test(trimmed);
      if (startsAtColumnZero && (trimmed.endsWith('}') || trimmed.endsWith(']'))) attempt(false);
      else if (buffer.length > MAX_RAW_CHARS) attempt(true);
    },
    flush() {
      attempt(true);
    },
  };
}
