/**
 * Server-sent events, parsed once and encoded once for the whole gateway.
 * Parsing uses `eventsource-parser`; encoding splits multi-line data and refuses CR/LF in
 * `event` names so a value can never inject an event of its own.
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { SseMessage } from '../../providers/types';
import { createRawPayloadCollector } from './raw-payload';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // Ask intermediaries (nginx et al.) not to buffer a stream.
  'x-accel-buffering': 'no',
} as const;

export const DONE_SENTINEL = '[DONE]';

/**
 * An incremental SSE reader: feed it bytes, it calls `onMessage` for each complete event.
 * Lines that are not SSE (a bare JSON error, a JSON array stream) reach `onMessage` too, as
 * `data`-only messages (raw-payload.ts), in the order they came.
 */
export function createSseReader(onMessage: (message: SseMessage) => void): {
  feed(bytes: Uint8Array): void;
  end(): void;
} {
  const text = new TextDecoder();
  const raw = createRawPayloadCollector(onMessage);
  const parser: EventSourceParser = createParser({
    onEvent(message) {
      raw.flush();
      onMessage(message);
    },
    onError(error) {
      if (error.type === 'unknown-field' && error.line !== undefined) raw.line(error.line);
    },
  });
  return {
    feed(bytes) {
      parser.feed(text.decode(bytes, { stream: true }));
    },
    end() {
      const rest = text.decode();
      // A final event without its blank line still counts: terminate it.
      parser.feed(`${rest}\n\n`);
      raw.flush();
    },
  };
}

/** Encode one event. `data` may contain newlines; each line becomes its own `data:` field. */
export function encodeSse(data: string, event?: string): string {
  let out = '';
  if (event !== undefined) {
    if (/[\r\n]/.test(event)) throw new Error('SSE event name must not contain CR or LF');
    out = `event: ${event}\n`;
  }
  if (data.indexOf('\n') === -1 && data.indexOf('\r') === -1) return `${out}data: ${data}\n\n`;
  for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** Parse the JSON of an SSE `data` field; `undefined` when it is not JSON. */
export function parseJsonData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}
