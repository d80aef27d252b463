/**
 * The queue message of a request the gateway refused itself (rejection.ts): no usage (no
 * provider was called), only the archive record, so `GET /v1/logs` shows why a client was
 * turned away. It rides the usage queue like every archive record; the consumer files it with
 * the key's batch and applies nothing to the ledger.
 */
import * as z from '../zod';
import { archiveAttachmentSchema } from './attachment';

export const rejectionMessageSchema = z.object({
  kind: z.literal('rejection'),
  keyId: z.string().check(z.minLength(1), z.maxLength(128)),
  requestId: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Arrival, ms since epoch. */
  at: z.int().check(z.gte(0)),
  archive: archiveAttachmentSchema,
  /** The refusal's trace span, when spans are exported (read by the consumer with `spansOf`). */
  spans: z.optional(z.array(z.unknown()).check(z.maxLength(10))),
});
export type RejectionMessage = z.infer<typeof rejectionMessageSchema>;
