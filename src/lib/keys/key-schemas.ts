/**
 * Admin API input, validated strictly: unknown fields, wrong types, negative or absurd
 * numbers are a 400 that names the field, never stored and never clamped.
 */
import * as z from '../zod';

/** Above any real per-key limit; larger numbers are typos or attacks on the arithmetic. */
export const MAX_LIMIT = 1_000_000_000;
/** Longest a request may wait in a key's queue: beyond this a client is better told 429. */
export const MAX_QUEUE_WAIT_MS = 5 * 60_000;
/** Longest rotation grace period: 30 days. */
export const MAX_GRACE_SECONDS = 30 * 86_400;
/** Default rotation grace period: a day for deployments to pick up the new key. */
export const DEFAULT_GRACE_SECONDS = 86_400;

const count = (max = MAX_LIMIT) => z.int().check(z.gte(1), z.lte(max));

export const providerIdSchema = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a provider id such as "openai"'));
export const tenantSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'must be 1-128 letters, digits, "_", "." or "-"'));
export const keyIdSchema = z.string().check(z.regex(/^key_[0-9a-f]{16}$/, 'must be a key id such as "key_0123456789abcdef"'));

export const limitsSchema = z.strictObject({
  requestsPerMinute: z.optional(count()),
  tokensPerMinute: z.optional(count()),
  maxConcurrent: z.optional(count(100_000)),
  budgetUsd: z.optional(z.number().check(z.gte(0), z.lte(MAX_LIMIT))),
  budgetPeriod: z.optional(z.enum(['day', 'month'])),
  queue: z.optional(z.strictObject({ maxWaitMs: count(MAX_QUEUE_WAIT_MS), maxQueued: count(10_000) })),
});

const policyFields = {
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  tenant: tenantSchema,
  owner: z
    .record(z.string().check(z.minLength(1), z.maxLength(100)), z.string().check(z.maxLength(1000)))
    .check(z.refine((owner) => Object.keys(owner).length <= 50, 'must have at most 50 entries')),
  allowedModels: z
    .array(z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^\S+$/, 'must not contain spaces')))
    .check(z.maxLength(1000)),
  allowedProviders: z.array(providerIdSchema).check(z.maxLength(100)),
  limits: limitsSchema,
  routing: z.strictObject({ defaultRoute: z.optional(z.string().check(z.minLength(1), z.maxLength(200))) }),
  cache: z.strictObject({ mode: z.enum(['off', 'on']), ttlSeconds: z.optional(z.int().check(z.gte(60), z.lte(31_536_000))) }),
  logging: z.strictObject({
    archive: z.optional(z.boolean()),
    redactContent: z.optional(z.boolean()),
    encrypt: z.optional(z.boolean()),
    /** Prompt and completion content on this key's trace spans (docs/observability.md); never with redaction. */
    traceContent: z.optional(z.boolean()),
  }),
  /** Refuse (400) what a request would otherwise have dropped and named (docs/fidelity.md). */
  strict: z.boolean(),
};

export const createKeySchema = z.strictObject({
  name: policyFields.name,
  tenant: z.optional(policyFields.tenant),
  owner: z.optional(policyFields.owner),
  allowedModels: z.optional(policyFields.allowedModels),
  allowedProviders: z.optional(policyFields.allowedProviders),
  limits: z.optional(policyFields.limits),
  routing: z.optional(policyFields.routing),
  cache: z.optional(policyFields.cache),
  logging: z.optional(policyFields.logging),
  strict: z.optional(policyFields.strict),
});
export type CreateKeyInput = z.infer<typeof createKeySchema>;

/** PATCH: a given field replaces the stored one (objects included); `null` removes it. */
export const updateKeySchema = z
  .strictObject({
    name: z.optional(policyFields.name),
    tenant: z.optional(z.nullable(policyFields.tenant)),
    owner: z.optional(z.nullable(policyFields.owner)),
    allowedModels: z.optional(z.nullable(policyFields.allowedModels)),
    allowedProviders: z.optional(z.nullable(policyFields.allowedProviders)),
    limits: z.optional(z.nullable(policyFields.limits)),
    routing: z.optional(z.nullable(policyFields.routing)),
    cache: z.optional(z.nullable(policyFields.cache)),
    logging: z.optional(z.nullable(policyFields.logging)),
    strict: z.optional(z.nullable(policyFields.strict)),
  })
  .check(z.refine((patch) => Object.keys(patch).length > 0, 'the body must change at least one field'));
export type UpdateKeyInput = z.infer<typeof updateKeySchema>;

export const rotateKeySchema = z.strictObject({
  /** How long the previous secret keeps working; 0 refuses it at once. */
  graceSeconds: z.optional(z.int().check(z.gte(0), z.lte(MAX_GRACE_SECONDS))),
});

export const keyIdParamSchema = z.object({ id: keyIdSchema });

export const listKeysQuerySchema = z.strictObject({
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000))),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
});

export const credentialBodySchema = z.strictObject({ apiKey: z.string().check(z.trim(), z.minLength(1), z.maxLength(8192)) });

export const providerTestSchema = z.strictObject({
  /** Test this key's own (BYOK) credential instead of the gateway's. */
  keyId: z.optional(keyIdSchema),
  /** Test this tenant's (BYOK) credential instead of the gateway's. */
  tenant: z.optional(tenantSchema),
  /** Test a credential before storing it. */
  apiKey: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(8192))),
  /** Probe with a one-token completion of this model instead of listing models. */
  model: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
