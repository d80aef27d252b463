// Writes a planned response to the socket, applying timing and transport faults:
// latency, @first-byte-ms, @chunk-ms, @drop-after, @repeat, @malformed, @no-finish, @reset, @hang.
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * @typedef {import('./fixtures.mjs').SseEvent} SseEvent
 * @typedef {import('./directives.mjs').Directives} Directives
 * @typedef {{ kind: 'json', status: number, headers?: Record<string, string | string[]>, text: string }} JsonPlan
 * @typedef {{ kind: 'stream', status?: number, headers?: Record<string, string | string[]>, events: SseEvent[],
 *   isFinish?: (e: SseEvent) => boolean, malformed?: string, framing?: 'sse' | 'json-array' }} StreamPlan
 * @typedef {JsonPlan | StreamPlan} Plan
 * @typedef {{ req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse,
 *   entry: Record<string, any>, signal: AbortSignal, latencyMs: number }} Ctx
 */

/** Default broken SSE event for @malformed: truncated JSON, so parsers must cope. */
const MALFORMED = 'data: {"id":"fake-malformed","choices":[{"index":0,"delta":{"content":"trunc\n\n';

/** Resolves false when the request was aborted meanwhile. */
async function wait(ms, signal) {
  if (!ms || ms <= 0) return !signal.aborted;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Destroy the connection on purpose (not a client abort). */
function drop(ctx, why) {
  ctx.entry.dropped = why;
  ctx.req.socket.destroy();
}

/**
 * Run the network-level directives that come before any response.
 * Returns false when the request must not be answered (reset, hang, client gone).
 * @param {Ctx} ctx @param {Directives} d
 */
export async function beforeResponse(ctx, d) {
  if (d.reset) {
    drop(ctx, 'reset');
    return false;
  }
  if (d.hang) {
    ctx.entry.hung = true;
    return false; // never answered: closed when the client aborts or the server closes
  }
  return wait(ctx.latencyMs + (d.firstByteMs ?? 0), ctx.signal);
}

/** @param {Ctx} ctx @param {Plan} plan @param {Directives} d */
export async function send(ctx, plan, d) {
  const { res, entry } = ctx;
  entry.status = plan.status ?? 200;
  if (plan.kind === 'json') return sendJson(ctx, plan, d);
  const jsonArray = plan.framing === 'json-array';
  res.writeHead(entry.status, {
    ...plan.headers,
    'content-type': jsonArray ? 'application/json; charset=UTF-8' : 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  res.flushHeaders();
  let events = plan.events;
  if (d.noFinish && plan.isFinish) events = events.filter((e) => !plan.isFinish?.(e));
  if (d.repeat !== undefined && d.repeat > 1) events = repeatMiddle(events, d.repeat, plan.isFinish);
  /** @type {string[]} */
  let pieces = events.map((e) => e.raw);
  if (jsonArray) pieces = events.filter((e) => e.json !== undefined).map((e, i) => `${i ? '\n,\r\n' : '['}${JSON.stringify(e.json)}`);
  if (d.malformed)
    pieces.splice(
      Math.max(1, Math.floor(pieces.length / 2)),
      0,
      jsonArray ? '\n,\r\n{"candidates": [{"content": ' : (plan.malformed ?? MALFORMED),
    );
  const tail = jsonArray && !d.noFinish ? ']' : '';
  const delay = d.chunkMs ?? 0;
  if (delay === 0 && d.dropAfter === undefined) {
    res.end(pieces.join('') + tail);
    return;
  }
  for (let i = 0; i < pieces.length; i++) {
    if (d.dropAfter !== undefined && i >= d.dropAfter) return drop(ctx, `after ${i} events`);
    if (i > 0 && !(await wait(delay, ctx.signal))) return;
    if (ctx.signal.aborted) return;
    // with @drop-after, wait until each piece is flushed so the destroy cannot swallow it
    if (d.dropAfter !== undefined) await writeFlushed(res, pieces[i]);
    else res.write(pieces[i]);
    entry.eventsSent = i + 1;
  }
  // a stream shorter than N still ends abruptly: @drop-after never ends cleanly
  if (d.dropAfter !== undefined) return drop(ctx, `after ${pieces.length} events`);
  res.end(tail);
}

/**
 * @repeat=N: a longer stream from a short recording (for tests that need it still flowing after
 * a while). Anthropic: every `content_block_delta` N times in place (blocks stay well formed);
 * the others (content chunks only): the events between the first one and the first finish
 * event, N times over.
 * @param {SseEvent[]} events @param {number} times @param {((e: SseEvent) => boolean) | undefined} isFinish
 */
function repeatMiddle(events, times, isFinish) {
  const n = Math.min(times, 1000);
  if (events.some((e) => e.json?.type === 'content_block_delta')) {
    return events.flatMap((e) => (e.json?.type === 'content_block_delta' ? Array.from({ length: n }, () => e) : [e]));
  }
  const finish = isFinish ? events.findIndex((e) => isFinish(e)) : -1;
  const end = finish === -1 ? events.length : finish;
  const middle = events.slice(1, end);
  if (!middle.length) return events;
  return [...events.slice(0, 1), ...Array.from({ length: n }, () => middle).flat(), ...events.slice(end)];
}

/** @param {import('node:http').ServerResponse} res @param {string} chunk */
function writeFlushed(res, chunk) {
  return new Promise((resolve) => res.write(chunk, () => resolve(undefined)));
}

/** @param {Ctx} ctx @param {JsonPlan} plan @param {Directives} d */
function sendJson(ctx, plan, d) {
  const { res } = ctx;
  res.writeHead(plan.status, { ...plan.headers, 'content-type': 'application/json' });
  if (d.dropAfter !== undefined) {
    // non-stream @drop-after: half the body, then the socket is destroyed
    return writeFlushed(res, plan.text.slice(0, Math.floor(plan.text.length / 2))).then(() => drop(ctx, 'mid-body'));
  }
  if (d.malformed) return void res.end(plan.text.slice(0, Math.floor(plan.text.length / 2)));
  res.end(plan.text);
}
