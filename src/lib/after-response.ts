/**
 * Everything that happens after the client has its response, under `ctx.waitUntil` so it
 * never delays it: settle the limiter, account usage, archive, fill caches. Each step is
 * isolated: one failing never stops the others.
 */
import type { Admission } from './admission';
import { archiveExchange } from './archive/write';
import { logRequest } from './request-log';
import type { CacheStep } from './cache/lookup';
import { settleCache } from './cache/settle';
import type { ChatResult } from './canonical';
import { nextTurn } from './next-turn';
import type { RequestRecord } from './request-record';
import { enqueueUsage } from './usage/producer';

export interface AfterResponseContext {
  env: Env;
  record: RequestRecord;
  admission: Admission;
  /** The cache decision of this request (absent when the request failed before it). */
  cache?: CacheStep;
  /** The complete answer: the provider's result, or a stream's events added up (absent when it failed). */
  result?: ChatResult;
}

type Step = (context: AfterResponseContext) => Promise<void>;

const steps: Step[] = [async ({ admission, record }) => admission.settle(record), settleCache, enqueueUsage, archiveExchange, logRequest];

export async function afterResponse(context: AfterResponseContext): Promise<void> {
  await nextTurn();
  const results = await Promise.allSettled(steps.map((step) => step(context)));
  for (const result of results) {
    if (result.status === 'rejected') {
      const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
      console.error(JSON.stringify({ level: 'error', requestId: context.record.requestId, step: 'after-response', error: reason }));
    }
  }
}
