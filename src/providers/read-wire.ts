import { GatewayError } from '../lib/http/errors';
import type * as z from '../lib/zod';

/** A provider body through its (tolerant) wire schema; unreadable is a retryable upstream failure. */
export function readWire<T extends z.ZodMiniType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new GatewayError('upstream', `The provider returned ${what} the gateway could not read.`, {
    code: 'upstream_malformed_response',
    retryable: true,
  });
}
