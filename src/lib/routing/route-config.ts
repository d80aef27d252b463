/**
 * The routing sections of SWITCHBOARD_CONFIG: gateway-wide defaults (`routing`) and named
 * routes (`routes`, the aliases a caller may put in `model` or `x-switchboard-route`).
 * Validated with zod at start-up; see docs/routing.md for a worked example.
 */
import * as z from '../zod';

export const RouteStrategy = {
  /** Targets in the configured order; the next one only after a retryable failure. */
  fallback: 'fallback',
  /** One target chosen by weight; no fallback beyond its own retries. */
  weighted: 'weighted',
  /** A weighted choice first, then the remaining targets in order as fallbacks. */
  weightedFallback: 'weighted-fallback',
} as const;
export type RouteStrategy = (typeof RouteStrategy)[keyof typeof RouteStrategy];

const milliseconds = z.int().check(z.gte(1), z.lte(3_600_000));
const delayMilliseconds = z.int().check(z.gte(0), z.lte(600_000));

const retrySchema = z.strictObject({
  /** Calls to one target before moving on (1 = no retry on the same target). */
  attemptsPerTarget: z.optional(z.int().check(z.gte(1), z.lte(10))),
  /** First backoff ceiling; doubles per retry up to `maxDelayMs` (full jitter below it). */
  baseDelayMs: z.optional(delayMilliseconds),
  maxDelayMs: z.optional(delayMilliseconds),
  /** Longest provider `retry-after` worth waiting for on the same target; longer → next target. */
  maxRetryAfterMs: z.optional(delayMilliseconds),
});

/** Timeouts of one call to one target. */
const attemptTimeoutsSchema = z.strictObject({
  /** Until the response headers (non-stream) or the first content event (stream). */
  firstByteMs: z.optional(milliseconds),
  /** The whole call, stream included. */
  attemptMs: z.optional(milliseconds),
  /** Longest silence between two stream chunks. */
  idleMs: z.optional(milliseconds),
});

const requestTimeoutsSchema = z.extend(attemptTimeoutsSchema, {
  /** Total deadline of a request, retries and fallbacks included. */
  requestMs: z.optional(milliseconds),
  /** Largest deadline a caller may ask for with `x-switchboard-timeout-ms`. */
  maxRequestMs: z.optional(milliseconds),
});

const breakerSchema = z.strictObject({
  /** Consecutive retryable failures that open a target's breaker. */
  failureThreshold: z.optional(z.int().check(z.gte(1), z.lte(1000))),
  /** How long an open breaker skips its target before letting one probe through. */
  cooldownMs: z.optional(milliseconds),
});

/** Stream commit window and keep-alive interval (lib/streams/keep-alive.ts). */
const streamTimingSchema = z.strictObject({
  /** How long headers are held waiting for the first content before comments start. */
  commitMs: z.optional(z.int().check(z.gte(0), z.lte(60_000))),
  /** Longest silence on a stream before a `: keep-alive` comment (15 s at most). */
  keepAliveMs: z.optional(z.int().check(z.gte(1), z.lte(15_000))),
});
export type StreamTiming = z.infer<typeof streamTimingSchema>;

/** Parameters a route may set per target; they replace the caller's values for that target. */
const overridesSchema = z.strictObject({
  max_tokens: z.optional(z.int().check(z.gte(1))),
  max_completion_tokens: z.optional(z.int().check(z.gte(1))),
  temperature: z.optional(z.number().check(z.gte(0), z.lte(2))),
  top_p: z.optional(z.number().check(z.gte(0), z.lte(1))),
  reasoning_effort: z.optional(z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'])),
});
export type TargetOverrides = z.infer<typeof overridesSchema>;

const routeTargetSchema = z.strictObject({
  model: z.string().check(z.regex(/^[a-z][a-z0-9-]*\/\S+$/, 'must be "provider/model", e.g. "openai/gpt-4o-mini"')),
  weight: z.optional(z.number().check(z.positive(), z.lte(1_000_000))),
  overrides: z.optional(overridesSchema),
  timeouts: z.optional(attemptTimeoutsSchema),
});

const routeSchema = z.strictObject({
  strategy: z.optional(z.enum([RouteStrategy.fallback, RouteStrategy.weighted, RouteStrategy.weightedFallback])),
  targets: z.array(routeTargetSchema).check(z.minLength(1), z.maxLength(16)),
  retry: z.optional(retrySchema),
  timeouts: z.optional(z.omit(requestTimeoutsSchema, { maxRequestMs: true })),
  breaker: z.optional(breakerSchema),
  stream: z.optional(streamTimingSchema),
});
export type RouteInput = z.infer<typeof routeSchema>;

/** Route names: no `/` (that is `provider/model`) and no `,` (that is a header list). */
export const routeNamePattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export const routesSchema = z.record(
  z.string().check(z.regex(routeNamePattern, 'a route name is letters, digits and . _ : - (no "/" or ",")')),
  routeSchema,
);
export const routingDefaultsSchema = z.strictObject({
  retry: z.optional(retrySchema),
  timeouts: z.optional(requestTimeoutsSchema),
  breaker: z.optional(breakerSchema),
  stream: z.optional(streamTimingSchema),
});
export type RoutingDefaultsInput = z.infer<typeof routingDefaultsSchema>;

export interface RetrySettings {
  attemptsPerTarget: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}
export interface AttemptTimeouts {
  firstByteMs?: number;
  attemptMs?: number;
  idleMs?: number;
}
export interface BreakerSettings {
  failureThreshold: number;
  cooldownMs: number;
}
export interface RoutingSettings {
  retry: RetrySettings;
  timeouts: AttemptTimeouts & { requestMs: number; maxRequestMs: number };
  breaker: BreakerSettings;
}

/**
 * Built-in defaults. The deadline matches the OpenAI SDK's own 10-minute timeout; no
 * first-byte or per-attempt limit by default because a non-streamed reasoning answer sends
 * its first byte only when it is complete.
 */
export const defaultRoutingSettings: RoutingSettings = {
  retry: { attemptsPerTarget: 2, baseDelayMs: 250, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 },
  timeouts: { requestMs: 600_000, maxRequestMs: 600_000, idleMs: 300_000 },
  breaker: { failureThreshold: 5, cooldownMs: 30_000 },
};

const defined = <T extends object>(value: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(value ?? {}).filter(([, field]) => field !== undefined)) as Partial<T>;

/** Built-in defaults ← config `routing` ← the route's own settings. */
export function routingSettings(defaults: RoutingDefaultsInput | undefined, route?: RouteInput): RoutingSettings {
  const base = defaultRoutingSettings;
  return {
    retry: { ...base.retry, ...defined(defaults?.retry), ...defined(route?.retry) },
    timeouts: { ...base.timeouts, ...defined(defaults?.timeouts), ...defined(route?.timeouts) },
    breaker: { ...base.breaker, ...defined(defaults?.breaker), ...defined(route?.breaker) },
  };
}

/** The part of zod's refinement context this check uses. */
interface IssueSink {
  addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void;
}

/** Checks that span fields: providers named by routes exist, delays and deadlines are ordered. */
export function checkRouting(
  config: { routes?: Record<string, RouteInput>; routing?: RoutingDefaultsInput },
  knownProviders: ReadonlySet<string>,
  context: IssueSink,
): void {
  const issue = (path: (string | number)[], message: string) => context.addIssue({ code: 'custom', path, message });
  for (const [name, route] of Object.entries(config.routes ?? {})) {
    route.targets.forEach((target, index) => {
      const provider = target.model.slice(0, target.model.indexOf('/'));
      if (!knownProviders.has(provider)) {
        issue(['routes', name, 'targets', index, 'model'], `unknown provider '${provider}' (not built in and not in providers)`);
      }
    });
    const settings = routingSettings(config.routing, route);
    if (settings.retry.baseDelayMs > settings.retry.maxDelayMs) {
      issue(['routes', name, 'retry', 'baseDelayMs'], 'must not exceed maxDelayMs');
    }
  }
  const defaults = routingSettings(config.routing);
  if (defaults.retry.baseDelayMs > defaults.retry.maxDelayMs) issue(['routing', 'retry', 'baseDelayMs'], 'must not exceed maxDelayMs');
  if (defaults.timeouts.requestMs > defaults.timeouts.maxRequestMs) {
    issue(['routing', 'timeouts', 'requestMs'], 'must not exceed maxRequestMs');
  }
}
