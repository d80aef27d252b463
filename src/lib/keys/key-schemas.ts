/**
 * Admin API input, validated strictly: unknown fields, wrong types, negative or absurd
 * numbers are a 400 that names the field, never stored and never clamped.
 */
import * as z from 'zod';

/** Above any real per-key limit; larger numbers are typos or attacks on the arithmetic. */
export const MAX_LIMIT = 1_000_000_000;
/** Longest a request may wait in a key's queue: beyond this a client is better told 429. */
export const MAX_QUEUE_WAIT_MS = 5 * 60_000;
/** Longest rotation grace period: 30 days. */
export const MAX_GRACE_SECONDS = 30 * 86_400;
/** Default rotation grace period: a day for deployments to pick up the new key. */
export const DEFAULT_GRACE_SECONDS = 86_400;

const count = (max = MAX_LIMIT) => z.number().int().min(1).max(max);

export const providerIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a provider id such as "openai"');
export const tenantSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'must be 1-128 letters, digits, "_", "." or "-"');
export const keyIdSchema = z.string().regex(/^key_[0-9a-f]{16}$/, 'must be a key id such as "key_0123456789abcdef"');

export const limitsSchema = z.strictObject({
  requestsPerMinute: count().optional(),
  tokensPerMinute: count().optional(),
  maxConcurrent: count(100_000).optional(),
  budgetUsd: z.number().min(0).max(MAX_LIMIT).optional(),
  budgetPeriod: z.enum(['day', 'month']).optional(),
  queue: z.strictObject({ maxWaitMs: count(MAX_QUEUE_WAIT_MS), maxQueued: count(10_000) }).optional(),
});

const policyFields = {
  name: z.string().trim().min(1).max(200),
  tenant: tenantSchema,
  owner: z
    .record(z.string().min(1).max(100), z.string().max(1000))
    .refine((owner) => Object.keys(owner).length <= 50, 'must have at most 50 entries'),
  allowedModels: z.array(z.string().min(1).max(200).regex(/^\S+$/, 'must not contain spaces')).max(1000),
  allowedProviders: z.array(providerIdSchema).max(100),
  limits: limitsSchema,
  routing: z.strictObject({ defaultRoute: z.string().min(1).max(200).optional() }),
  cache: z.strictObject({ mode: z.enum(['off', 'on']), ttlSeconds: z.number().int().min(60).max(31_536_000).optional() }),
  logging: z.strictObject({
    archive: z.boolean().optional(),
    redactContent: z.boolean().optional(),
    encrypt: z.boolean().optional(),
    /** Prompt and completion content on this key's trace spans (docs/observability.md); never with redaction. */
    traceContent: z.boolean().optional(),
  }),
  /** Refuse (400) what a request would otherwise have dropped and named (docs/fidelity.md). */
  strict: z.boolean(),
};

export const createKeySchema = z.strictObject({
  name: policyFields.name,
  tenant: policyFields.tenant.optional(),
  owner: policyFields.owner.optional(),
  allowedModels: policyFields.allowedModels.optional(),
  allowedProviders: policyFields.allowedProviders.optional(),
  limits: policyFields.limits.optional(),
  routing: policyFields.routing.optional(),
  cache: policyFields.cache.optional(),
  logging: policyFields.logging.optional(),
  strict: policyFields.strict.optional(),
});
export type CreateKeyInput = z.infer<typeof createKeySchema>;

/** PATCH: a given field replaces the stored one (objects included); `null` removes it. */
export const updateKeySchema = z
  .strictObject({
    name: policyFields.name.optional(),
    tenant: policyFields.tenant.nullable().optional(),
    owner: policyFields.owner.nullable().optional(),
    allowedModels: policyFields.allowedModels.nullable().optional(),
    allowedProviders: policyFields.allowedProviders.nullable().optional(),
    limits: policyFields.limits.nullable().optional(),
    routing: policyFields.routing.nullable().optional(),
    cache: policyFields.cache.nullable().optional(),
    logging: policyFields.logging.nullable().optional(),
    strict: policyFields.strict.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'the body must change at least one field');
export type UpdateKeyInput = z.infer<typeof updateKeySchema>;

export const rotateKeySchema = z.strictObject({
  /** How long the previous secret keeps working; 0 refuses it at once. */
  graceSeconds: z.number().int().min(0).max(MAX_GRACE_SECONDS).optional(),
});

export const keyIdParamSchema = z.object({ id: keyIdSchema });

export const listKeysQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: z.string().min(1).max(2000).optional(),
});

export const credentialBodySchema = z.strictObject({ apiKey: z.string().trim().min(1).max(8192) });

export const providerTestSchema = z.strictObject({
  /** Test this key's own (BYOK) credential instead of the gateway's. */
  keyId: keyIdSchema.optional(),
  /** Test this tenant's (BYOK) credential instead of the gateway's. */
  tenant: tenantSchema.optional(),
  /** Test a credential before storing it. */
  apiKey: z.string().trim().min(1).max(8192).optional(),
  /** Probe with a one-token completion of this model instead of listing models. */
  model: z.string().min(1).max(200).optional(),
});
