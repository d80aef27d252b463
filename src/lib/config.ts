/**
 * Gateway configuration, read from the environment once per isolate and validated with zod.
 * A bad SWITCHBOARD_CONFIG fails every request with a message naming the bad field, rather
 * than routing with half a configuration; `GET /health` answers 503 naming it (http/config-guard.ts),
 * and `npm run dev` / `npm run deploy` refuse it before starting (scripts/config-check.mjs).
 */
import { builtInProviders, type ProviderDefinition } from '../providers/catalog';
import type { AdapterKind, OpenAICompatibleOptions } from '../providers/types';
import { GatewayError } from './http/errors';
import { apiOverridesSchema, applyApiOverrides, checkApiOverrides } from './models/api-dialect';
import { applyModelOverrides, checkModelOverrides, modelOverridesSchema } from './models/model-overrides';
import { checkRouting, routesSchema, routingDefaultsSchema } from './routing/route-config';
import { unreachableReferences } from './routing/route-references';
import * as z from './zod';

/** A provider that can be called: its definition with credentials and URL resolved. */
export interface ConfiguredProvider {
  id: string;
  adapter: AdapterKind;
  label: string;
  baseUrl: string;
  apiKey: string | undefined;
  options: OpenAICompatibleOptions & { apiVersion?: string };
}

const providerConfigSchema = z.strictObject({
  adapter: z.enum(['openai', 'anthropic', 'gemini', 'azure']),
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Name of the env var (secret) that holds this provider's key; keys never live in config JSON. */
  apiKeyVar: z.optional(z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/))),
  label: z.optional(z.string()),
  streamUsage: z.optional(z.boolean()),
  authHeader: z.optional(z.string()),
  /** Takes model ids the gateway cannot recognise, as the default provider (docs/routing.md). */
  aggregator: z.optional(z.boolean()),
});

export const gatewayConfigSchema = z.strictObject({
  /** Provider used for bare model names (no `provider/` prefix). */
  defaultProvider: z.optional(z.string()),
  providers: z.optional(z.record(z.string().check(z.regex(/^[a-z][a-z0-9-]*$/)), providerConfigSchema)),
  corsOrigins: z.optional(z.array(z.string())),
  /** Price overrides per `provider/model`, USD per million tokens. */
  pricing: z.optional(
    z.record(
      z.string(),
      z.strictObject({
        input: z.number().check(z.gte(0)),
        output: z.number().check(z.gte(0)),
        cacheRead: z.optional(z.number().check(z.gte(0))),
        cacheWrite: z.optional(z.number().check(z.gte(0))),
        cacheWrite1h: z.optional(z.number().check(z.gte(0))),
      }),
    ),
  ),
  /** Context window, output limit and capabilities per `provider/model`, over the vendored dataset (models/model-overrides.ts). */
  models: z.optional(modelOverridesSchema),
  /** Raw request archive (R2) and its retention; a key's `logging` policy can tighten it. */
  archive: z.optional(
    z.strictObject({
      /** Archive requests unless a key's policy says otherwise (default true). */
      enabled: z.optional(z.boolean()),
      /** Days an archive is kept before the retention cron deletes it (default 30). */
      retentionDays: z.optional(z.int().check(z.gte(1), z.lte(3650))),
      /** Encrypt every archive with SWITCHBOARD_ARCHIVE_KEY (default false; a key may also ask for it). */
      encrypt: z.optional(z.boolean()),
      /** Archive metadata only, never message content (default false; a key may also ask for it). */
      redactContent: z.optional(z.boolean()),
    }),
  ),
  /** Retry, timeout and breaker defaults for every route (docs/routing.md). */
  routing: z.optional(routingDefaultsSchema),
  /** Named routes (aliases): ordered `provider/model` targets with a strategy (docs/routing.md). */
  routes: z.optional(routesSchema),
  /** Which OpenAI API serves a provider or `provider/model`: `chat` or `responses` (models/api-dialect.ts). */
  api: z.optional(apiOverridesSchema),
  /** Response cache default for keys without a cache policy of their own (cache/policy.ts). */
  cache: z.optional(z.strictObject({ mode: z.enum(['off', 'on']), ttlSeconds: z.optional(z.int().check(z.gte(1))) })),
});
export type GatewayConfigInput = z.infer<typeof gatewayConfigSchema>;

export interface Config {
  providers: Map<string, ConfiguredProvider>;
  /** Every provider id the gateway knows, configured or not (to tell "unknown" from "not configured"). */
  knownProviders: Map<string, KnownProvider>;
  /** Built-in providers with a base URL but no gateway credential: usable with a caller's own (BYOK) credential. */
  byokOnly: Map<string, ConfiguredProvider>;
  defaultProvider: string | undefined;
  corsOrigins: string[];
  maxBodyBytes: number;
  archive: ArchiveSettings;
  raw: GatewayConfigInput;
}

/** A provider id the gateway knows; `keyless` ones (Ollama, vLLM) are configured by URL alone. */
export interface KnownProvider {
  apiKeyVar?: string;
  baseUrlVar?: string;
  keyless?: boolean;
}

export interface ArchiveSettings {
  enabled: boolean;
  retentionDays: number;
  encrypt: boolean;
  redactContent: boolean;
}

export const DEFAULT_RETENTION_DAYS = 30;

type EnvLike = Record<string, unknown>;

const stringVar = (env: EnvLike, name: string | undefined): string | undefined => {
  if (!name) return undefined;
  const value = env[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

function parseConfigJson(text: string | undefined): GatewayConfigInput {
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw configError(null, 'not valid JSON');
  }
  const parsed = gatewayConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // An unknown key is named as the field itself (`SWITCHBOARD_CONFIG.aliases`), not its parent.
    const path = issue?.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : (issue?.path ?? []);
    throw configError(fieldPath(path), issue?.message ?? 'invalid');
  }
  // Checks across sections (a route naming a provider from `providers`), after the shape is known.
  const known = new Set([...Object.keys(builtInProviders), ...Object.keys(parsed.data.providers ?? {})]);
  checkRouting(parsed.data, known, {
    addIssue: (issue) => {
      throw configError(fieldPath(issue.path), issue.message);
    },
  });
  const adapters = new Map<string, AdapterKind>(Object.entries(builtInProviders).map(([id, definition]) => [id, definition.adapter]));
  for (const [id, custom] of Object.entries(parsed.data.providers ?? {})) adapters.set(id, custom.adapter);
  const apiProblem = parsed.data.api && checkApiOverrides(parsed.data.api, (id) => adapters.get(id));
  if (apiProblem) throw configError(`api.${apiProblem.key}`, apiProblem.message);
  const unknownModel = parsed.data.models && checkModelOverrides(parsed.data.models, (id) => adapters.has(id));
  if (unknownModel) throw configError(`models.${unknownModel}`, `unknown provider '${unknownModel.slice(0, unknownModel.indexOf('/'))}'`);
  return parsed.data;
}

/** `routes.smart.targets[1].weight`: the bad field as an operator would write it. */
function fieldPath(path: PropertyKey[]): string {
  const text = path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`)).join('');
  return text || '(root)';
}

/** The bad field travels as `param` (`SWITCHBOARD_CONFIG.routes.smart…`), so /health can name it. */
function configError(path: string | null, message: string): GatewayError {
  return path === null ? misconfigured('SWITCHBOARD_CONFIG', `is ${message}`) : misconfigured(`SWITCHBOARD_CONFIG.${path}`, message);
}

/** A configuration error naming its setting (a SWITCHBOARD_CONFIG path or another variable). */
function misconfigured(field: string, message: string): GatewayError {
  return new GatewayError('internal', `Gateway misconfigured: ${field}${message.startsWith('is ') ? ' ' : ': '}${message}`, {
    code: 'gateway_misconfigured',
    param: field,
  });
}

/** A built-in provider with its URL resolved; `apiKey` is undefined when the gateway holds none. */
function resolveBuiltIn(id: string, definition: ProviderDefinition, env: EnvLike): ConfiguredProvider | undefined {
  const apiKey = stringVar(env, definition.apiKeyVar);
  const baseUrl = stringVar(env, definition.baseUrlVar) ?? definition.defaultBaseUrl;
  if (!baseUrl) return undefined;
  const options: ConfiguredProvider['options'] = { ...definition.options };
  if (definition.adapter === 'azure') options.apiVersion = stringVar(env, 'AZURE_OPENAI_API_VERSION') ?? '2024-10-21';
  return { id, adapter: definition.adapter, label: definition.label, baseUrl: baseUrl.replace(/\/+$/, ''), apiKey, options };
}

export function loadConfig(env: EnvLike): Config {
  const raw = parseConfigJson(stringVar(env, 'SWITCHBOARD_CONFIG'));
  const providers = new Map<string, ConfiguredProvider>();
  const knownProviders = new Map<string, KnownProvider>();
  const byokOnly = new Map<string, ConfiguredProvider>();
  for (const [id, definition] of Object.entries(builtInProviders) as [string, ProviderDefinition][]) {
    const isKeyless = 'keyless' in definition && definition.keyless === true;
    knownProviders.set(id, { apiKeyVar: definition.apiKeyVar, baseUrlVar: definition.baseUrlVar, keyless: isKeyless });
    const resolved = resolveBuiltIn(id, definition, env);
    const keyless = isKeyless && stringVar(env, definition.baseUrlVar) !== undefined;
    if (resolved) applyApiOverrides(id, resolved.options, raw.api);
    if (resolved) applyModelOverrides(id, resolved.options, raw.models);
    if (resolved && (resolved.apiKey || keyless)) providers.set(id, resolved);
    else if (resolved) byokOnly.set(id, resolved);
  }
  for (const [id, custom] of Object.entries(raw.providers ?? {})) {
    knownProviders.set(id, { apiKeyVar: custom.apiKeyVar });
    const apiKey = stringVar(env, custom.apiKeyVar);
    if (custom.apiKeyVar && !apiKey) continue;
    const options: ConfiguredProvider['options'] = {};
    if (custom.streamUsage !== undefined) options.streamUsage = custom.streamUsage;
    if (custom.authHeader !== undefined) options.authHeader = custom.authHeader;
    applyApiOverrides(id, options, raw.api);
    applyModelOverrides(id, options, raw.models);
    if (custom.aggregator !== undefined) options.aggregator = custom.aggregator;
    providers.set(id, {
      id,
      adapter: custom.adapter,
      label: custom.label ?? id,
      baseUrl: custom.baseUrl.replace(/\/+$/, ''),
      apiKey,
      options,
    });
  }
  const defaultProvider = raw.defaultProvider ?? stringVar(env, 'SWITCHBOARD_DEFAULT_PROVIDER');
  const unreachable = unreachableReferences(
    raw,
    { value: defaultProvider, field: raw.defaultProvider ? 'SWITCHBOARD_CONFIG.defaultProvider' : 'SWITCHBOARD_DEFAULT_PROVIDER' },
    (id) => knownProviders.has(id),
    (id) => providers.has(id) || byokOnly.has(id),
  );
  if (unreachable) {
    const field = unreachable.field.startsWith('routes.') ? `SWITCHBOARD_CONFIG.${unreachable.field}` : unreachable.field;
    throw misconfigured(field, unreachable.message);
  }
  const corsOrigins =
    raw.corsOrigins ??
    (stringVar(env, 'SWITCHBOARD_CORS_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
  const maxBody = Number(stringVar(env, 'SWITCHBOARD_MAX_BODY_BYTES') ?? 10 * 1024 * 1024);
  return {
    providers,
    knownProviders,
    byokOnly,
    defaultProvider,
    corsOrigins,
    maxBodyBytes: Number.isFinite(maxBody) && maxBody > 0 ? maxBody : 10 * 1024 * 1024,
    archive: {
      enabled: raw.archive?.enabled ?? true,
      retentionDays: raw.archive?.retentionDays ?? DEFAULT_RETENTION_DAYS,
      encrypt: raw.archive?.encrypt ?? false,
      redactContent: raw.archive?.redactContent ?? false,
    },
    raw,
  };
}

const cache = new WeakMap<object, Config>();

/** The config for this env, parsed once per isolate (env objects are stable per isolate). */
export function getConfig(env: object): Config {
  let config = cache.get(env);
  if (!config) {
    config = loadConfig(env as EnvLike);
    cache.set(env, config);
  }
  return config;
}
