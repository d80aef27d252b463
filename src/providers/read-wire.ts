import type * as z from 'zod';
import { GatewayError } from '../lib/http/errors';

/** A provider body through its (tolerant) wire schema; unreadable is a retryable upstream failure. */
export function readWire<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new GatewayError('upstream', `The provider returned ${what} the gateway could not read.`, {
    code: 'upstream_malformed_response',
    retryable: true,
  });
}
