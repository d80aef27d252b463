/** Gateway facts travel in `x-switchboard-*` response headers (DESIGN "public contract"). */
export const GatewayHeader = {
  provider: 'x-switchboard-provider',
  model: 'x-switchboard-model',
  attempts: 'x-switchboard-attempts',
  cache: 'x-switchboard-cache',
  /** The route (alias) that chose the target, when one did. */
  route: 'x-switchboard-route',
  /** The request's effective deadline in ms (the caller's `x-switchboard-timeout-ms`, capped). */
  timeout: 'x-switchboard-timeout-ms',
} as const;

export function gatewayHeaders(target: { provider: string; model: string }, attempts: number): Record<string, string> {
  return {
    [GatewayHeader.provider]: target.provider,
    [GatewayHeader.model]: target.model,
    [GatewayHeader.attempts]: String(attempts),
  };
}

/** What routing did, on success and failure alike: attempts made, route used, deadline applied. */
export function routingHeaders(record: { attempts: unknown[]; route?: string; deadlineMs?: number }): Record<string, string> {
  const headers: Record<string, string> = { [GatewayHeader.attempts]: String(record.attempts.length) };
  if (record.route) headers[GatewayHeader.route] = record.route;
  if (record.deadlineMs !== undefined) headers[GatewayHeader.timeout] = String(record.deadlineMs);
  return headers;
}
