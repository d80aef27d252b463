/** Canonical result → the Responses `response` object (non-streaming answer). */
import type { ChatResult } from '../../lib/canonical';
import { finishStatus, type ResponseContext, responseObject } from './envelope';
import type { OutputItem } from './items';
import { ItemIds, outputItemsOf } from './output-items';

export function toResponseObject(
  result: ChatResult,
  context: ResponseContext,
  now = Date.now(),
): Record<string, unknown> & { id: string; output: OutputItem[] } {
  const output = outputItemsOf(result, new ItemIds(context));
  const { status, incomplete_details } = finishStatus(result.choices[0]?.finishReason);
  const object = responseObject(context, {
    model: result.model,
    status,
    output,
    usage: result.usage,
    incompleteDetails: incomplete_details,
    completedAt: status === 'completed' ? Math.floor(now / 1000) : null,
    serviceTier: result.serviceTier,
  });
  return { ...object, output };
}
