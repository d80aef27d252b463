import type { ExchangeCapture } from '../archive/capture';
import type { GatewayKey } from '../keys/gateway-key';
import type { TraceContext } from '../telemetry/trace-context';

/** Which public wire format a route speaks; errors are rendered in its shape. */
export type Surface = 'openai' | 'anthropic';

export interface AppVariables {
  requestId: string;
  /** Milliseconds since epoch when the request arrived. */
  receivedAt: number;
  surface: Surface;
  /** W3C trace context of this request (telemetry/trace-context.ts). */
  trace: TraceContext;
  key: GatewayKey;
  /** SHA-256 hex of the presented gateway key (never the key itself); set by auth. */
  credentialHash?: string;
  /** Headers every response of this request carries (see response-headers.ts). */
  responseHeaders?: Record<string, string>;
  /** The raw exchange being captured for the archive, when this request is archived. */
  exchange?: ExchangeCapture;
  /** The pipeline's record of this request once it has one: with an attempt or a cache hit, the pipeline reports it, not the refusal path. */
  pipelineRecord?: { attempts: readonly unknown[]; cache: string };
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };
