/**
 * Admission: may this key send this request now? The per-key limiter (KeyLimiter Durable
 * Object) lands with the limits issue; until then every authenticated request is admitted.
 */
import type { Context } from 'hono';
import type { ChatRequest } from './canonical';
import type { AppEnv } from './context';
import type { RequestRecord } from './request-record';
import type { EmbeddingsRequest } from '../providers/types';

export interface Admission {
  /** Settle reservations against what the request really used. Runs after the response. */
  settle(record: RequestRecord): Promise<void>;
}

const unlimited: Admission = { settle: async () => {} };

export async function admit(_c: Context<AppEnv>, _request: ChatRequest | EmbeddingsRequest): Promise<Admission> {
  return unlimited;
}
