/**
 * A client that disconnects while the gateway waits (for admission, the provider's first
 * byte, a stream's first content, a retry's backoff) must still leave a record, usage and a
 * released concurrency slot. In workerd the request's abort signal fires (compatibility flag
 * `enable_request_signal`), but pending I/O of a request whose client left may never settle,
 * so the pipeline's own `catch` cannot be relied on: the abort listener settles the request
 * itself, as `cancelled`, exactly once (the `finish` it is given must be idempotent).
 * Call the returned function once a response is on its way: from then on the stream's own
 * outcome (stream-pipeline.ts) reports a cancellation.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../http/context';
import { abortError } from '../routing/timeouts';
import type { RequestRecord } from './request-record';

export function settleIfClientLeaves(c: Context<AppEnv>, record: RequestRecord, finish: () => void): () => void {
  const signal = c.req.raw.signal;
  const onAbort = () => {
    const error = abortError(signal);
    record.cancelled = true;
    record.status = error.status;
    record.error = { kind: error.kind, code: error.code, message: error.message };
    record.endedAt = Date.now();
    finish();
  };
  if (signal.aborted) {
    onAbort();
    return () => {};
  }
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/**
 * The client's abort signal, for a provider fetch. workerd marks the incoming request's own
 * signal IGNORE_FOR_SUBREQUESTS (unless the `request_signal_passthrough` flag is set): handed
 * to fetch() as is, it does not abort the subrequest. A signal derived from it does (the route
 * runner's `AbortSignal.any` already derives one for chat).
 */
export function clientSignal(c: Context<AppEnv>): AbortSignal {
  return AbortSignal.any([c.req.raw.signal]);
}

/** `work` at most once, however many paths end the request. */
export function once(work: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    work();
  };
}
