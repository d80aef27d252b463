/**
 * No silent minutes: a streaming response never leaves the client long without a byte.
 * Proxies on the path (Cloudflare's included) cut connections idle for about 100 s, and a
 * reasoning model can think for minutes before its first token.
 *
 *  - Commit window (`commitMs`, default 3 s): while the gateway waits for the first content
 *    event, headers are held, so a failure is still an ordinary HTTP error and a target that
 *    fails can be replaced silently. Past the window the response is committed: headers go
 *    out with an SSE comment (`: keep-alive`), and more follow every `keepAliveMs` (default
 *    10 s, at most 15 s). Comments are ignored by every SSE client, so fallbacks still happen
 *    after the commit (only comments were sent); if every target fails, the stream ends with
 *    the surface's error event instead of an HTTP status.
 *  - During the stream, a comment is sent whenever nothing was written for `keepAliveMs`.
 * Settings: `routing.stream` in SWITCHBOARD_CONFIG, or a route's own `stream`.
 */
import type { Config } from '../config';
import { toGatewayError } from '../http/error-response';
import type { GatewayError } from '../http/errors';
import type { StreamTiming } from '../routing/route-config';

export const DEFAULT_COMMIT_MS = 3000;
export const DEFAULT_KEEP_ALIVE_MS = 10_000;
const KEEP_ALIVE = new TextEncoder().encode(': keep-alive\n\n');

export function streamTiming(config: Config, model: string): Required<StreamTiming> {
  const routes = config.raw.routes ?? {};
  const route = Object.hasOwn(routes, model) ? routes[model]?.stream : undefined;
  const defaults = config.raw.routing?.stream;
  return {
    commitMs: route?.commitMs ?? defaults?.commitMs ?? DEFAULT_COMMIT_MS,
    keepAliveMs: route?.keepAliveMs ?? defaults?.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS,
  };
}

type Settled = { ok: true; body: ReadableStream<Uint8Array> } | { ok: false; error: unknown };

/**
 * The response for a stream whose body may take a while: `body` resolves once the stream
 * committed to a target (its first content) and rejects when every target failed.
 * `failure` renders a gateway error as the surface's terminal error event.
 */
export async function keepAliveResponse(
  body: Promise<ReadableStream<Uint8Array>>,
  failure: (error: GatewayError) => ReadableStream<Uint8Array>,
  timing: Required<StreamTiming>,
  headers: HeadersInit,
): Promise<Response> {
  const settled: Promise<Settled> = body.then(
    (stream) => ({ ok: true, body: stream }),
    (error: unknown) => ({ ok: false, error }),
  );
  let windowTimer: ReturnType<typeof setTimeout> | undefined;
  const window = new Promise<'commit'>((resolve) => {
    windowTimer = setTimeout(() => resolve('commit'), timing.commitMs);
  });
  const first = await Promise.race([settled, window]);
  if (windowTimer !== undefined) clearTimeout(windowTimer);
  if (first !== 'commit') {
    if (!first.ok) throw first.error;
    return new Response(withKeepAlive(Promise.resolve(first), failure, timing.keepAliveMs, false), { headers });
  }
  return new Response(withKeepAlive(settled, failure, timing.keepAliveMs, true), { headers });
}

/** Pull-based, so back-pressure still reaches the upstream; comments go in between reads. */
function withKeepAlive(
  settled: Promise<Settled>,
  failure: (error: GatewayError) => ReadableStream<Uint8Array>,
  keepAliveMs: number,
  commentFirst: boolean,
): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastWrite = Date.now();
  let closed = false;
  const stop = () => {
    closed = true;
    if (timer !== undefined) clearTimeout(timer);
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const comment = () => {
          if (closed) return;
          controller.enqueue(KEEP_ALIVE);
          lastWrite = Date.now();
        };
        // One timer, due `keepAliveMs` after the last write (a fixed interval could leave almost
        // two intervals of silence after a write just past a tick); content writes only move `lastWrite`.
        const due = () => {
          if (closed) return;
          const idleMs = Date.now() - lastWrite;
          if (idleMs >= keepAliveMs) comment();
          timer = setTimeout(due, idleMs >= keepAliveMs ? keepAliveMs : keepAliveMs - idleMs);
        };
        if (commentFirst) comment();
        timer = setTimeout(due, keepAliveMs);
      },
      async pull(controller) {
        if (!reader) {
          const result = await settled;
          reader = (result.ok ? result.body : failure(toGatewayError(result.error))).getReader();
        }
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          stop();
          return controller.error(error);
        }
        if (closed) return;
        if (next.done) {
          stop();
          return controller.close();
        }
        controller.enqueue(next.value);
        lastWrite = Date.now();
      },
      async cancel(reason) {
        stop();
        if (reader) await reader.cancel(reason).catch(() => {});
        else
          void settled.then((result) => {
            if (result.ok) result.body.cancel(reason).catch(() => {});
          });
      },
    },
    { highWaterMark: 0 },
  );
}
