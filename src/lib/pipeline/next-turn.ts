/**
 * Resolves on a later turn of the event loop. After-response work awaits it before doing
 * anything synchronous, so the runtime has written the client's response first; otherwise a
 * microtask queued while the response is still travelling up the middleware chain (the
 * archive's JSON and gzip, the usage event) runs ahead of it and delays the caller.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
