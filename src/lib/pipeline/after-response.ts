/**
 * Everything that happens after the client has its response, under `ctx.waitUntil` so it
 * never delays it: settle the limiter, fill caches, send the one queue message (usage event and
 * archive record), log. Each step is isolated: one failing never stops the others.
 */
import { settleCache } from '../cache/settle';
import { enqueueUsage } from '../usage/producer';
import type { AfterResponseContext } from './after-response-context';
import { nextTurn } from './next-turn';
import { logRequest } from './request-log';
import { countUnreportedUsage } from './unreported-usage';

export type { AfterResponseContext };

type Step = (context: AfterResponseContext) => Promise<void>;

const steps: Step[] = [async ({ admission, record }) => admission.settle(record), settleCache, enqueueUsage, logRequest];

export async function afterResponse(context: AfterResponseContext): Promise<void> {
  await nextTurn();
  // Usage the provider never reported is counted once, before anything settles or records it.
  await countUnreportedUsage(context.record).catch((error: unknown) => {
    console.error(JSON.stringify({ level: 'error', requestId: context.record.requestId, step: 'count-usage', error: String(error) }));
  });
  const results = await Promise.allSettled(steps.map((step) => step(context)));
  for (const result of results) {
    if (result.status === 'rejected') {
      const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
      console.error(JSON.stringify({ level: 'error', requestId: context.record.requestId, step: 'after-response', error: reason }));
    }
  }
}
