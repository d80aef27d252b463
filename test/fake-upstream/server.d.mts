// Types for server.mjs, so TypeScript test setup (e.g. a vitest globalSetup) can import it.

export interface FakeRequestLogEntry {
  id: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lowercased request headers. */
  headers: Record<string, string | string[] | undefined>;
  /** The family's credential header: `authorization`, `api-key`, `x-api-key` or `x-goog-api-key`. */
  auth: { header: string; present: boolean; value: string | null } | null;
  /** Parsed JSON body (the raw string when it was not JSON, null when empty). */
  body: unknown;
  /** Arrival time, epoch ms. */
  at: number;
  family: string | null;
  endpoint: string | null;
  /** Raw model as sent (body `model`, Gemini path model or Azure deployment), directives included. */
  model: string | null;
  directives: Record<string, number | boolean>;
  scripted?: boolean;
  fixture: string | null;
  synthesized?: boolean;
  status: number | null;
  /** The client went away before the response ended. */
  aborted: boolean;
  abortedAt?: number;
  /** The fake destroyed the socket on purpose (`reset`, `after N events`, `mid-body`). */
  dropped?: string;
  hung?: boolean;
  eventsSent?: number;
}

export interface FakeUpstream {
  url: string;
  port: number;
  /** Live request log (cleared in place by reset()). */
  requests: FakeRequestLogEntry[];
  keys: Record<string, string>;
  reset(): void;
  script(spec: { match?: string; responses: string[] }): number;
  setLatencyMs(ms: number): void;
  close(): Promise<void>;
}

export function startFakeUpstream(options?: {
  port?: number;
  host?: string;
  latencyMs?: number;
  keys?: Record<string, string>;
  maxLog?: number;
}): Promise<FakeUpstream>;
