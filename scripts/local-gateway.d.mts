import type { FakeUpstream } from '../test/fake-upstream/server.mjs';

export const DEV_GATEWAY_KEYS: string[];
export const DEV_ADMIN_TOKEN: string;
export function freePort(): Promise<number>;
export function fakeProviderEnv(upstreamUrl: string): Record<string, string>;
export interface RunningWorker {
  url: string;
  port: number;
  stop(): Promise<void>;
  output(): string;
}
export function startWranglerDev(options?: {
  config?: string;
  env?: Record<string, string>;
  port?: number;
  healthKey?: string | null;
  stdio?: 'pipe' | 'inherit';
  timeoutMs?: number;
  extraArgs?: string[];
  /** Local state directory (`wrangler dev --persist-to`); default a temporary one, removed on stop. */
  persistTo?: string;
  /** With `stdio: 'pipe'`: each piece of wrangler's output as it arrives. */
  onOutput?: (text: string) => void;
}): Promise<RunningWorker>;
export function startLocalGateway(options?: {
  port?: number;
  upstreamPort?: number;
  upstreamLatencyMs?: number;
  env?: Record<string, string>;
  stdio?: 'pipe' | 'inherit';
  persistTo?: string;
}): Promise<{ url: string; upstream: FakeUpstream; output(): string; stop(): Promise<void> }>;
