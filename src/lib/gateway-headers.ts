/** Gateway facts travel in `x-switchboard-*` response headers (DESIGN "public contract"). */
export const GatewayHeader = {
  provider: 'x-switchboard-provider',
  model: 'x-switchboard-model',
  attempts: 'x-switchboard-attempts',
  cache: 'x-switchboard-cache',
} as const;

export function gatewayHeaders(target: { provider: string; model: string }, attempts: number): Record<string, string> {
  return {
    [GatewayHeader.provider]: target.provider,
    [GatewayHeader.model]: target.model,
    [GatewayHeader.attempts]: String(attempts),
  };
}
