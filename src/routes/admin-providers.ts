/**
 * `POST /admin/providers/:name/test`: does a provider credential work, and how fast does the
 * provider answer? Uses the gateway's credential, a key's or tenant's BYOK credential, or one
 * supplied in the body (to check it before storing it). The credential is never echoed.
 */
import { Hono } from 'hono';
import { type ConfiguredProvider, getConfig } from '../lib/config';
import type { AppEnv } from '../lib/http/context';
import { GatewayError, notFound } from '../lib/http/errors';
import { validator } from '../lib/http/route-validation';
import { providerIdSchema, providerTestSchema } from '../lib/keys/key-schemas';
import { credentialIn } from '../lib/keys/provider-credentials';
import { loadedAdapterFor, toTarget } from '../lib/pipeline/chat-dispatch';
import * as z from '../lib/zod';

/** A probe that takes longer than this reports `ok: false` rather than holding the admin call. */
const PROBE_TIMEOUT_MS = 10_000;

type ProbeInput = z.infer<typeof providerTestSchema>;
type CredentialSource = 'supplied' | 'key' | 'tenant' | 'gateway' | 'none';

function providerNamed(env: Env, name: string): ConfiguredProvider {
  const config = getConfig(env);
  const provider = config.providers.get(name) ?? config.byokOnly.get(name);
  if (provider) return provider;
  if (config.knownProviders.has(name)) {
    throw new GatewayError('invalid_request', `Provider '${name}' has no base URL configured on this gateway.`, {
      code: 'provider_not_configured',
    });
  }
  throw notFound(`Unknown provider '${name}'.`, 'provider_not_found');
}

async function chooseCredential(
  env: Env,
  provider: ConfiguredProvider,
  input: ProbeInput,
): Promise<{ apiKey?: string; source: CredentialSource }> {
  if (input.apiKey) return { apiKey: input.apiKey, source: 'supplied' };
  const scope = input.keyId
    ? ({ kind: 'key', id: input.keyId } as const)
    : input.tenant
      ? ({ kind: 'tenant', id: input.tenant } as const)
      : undefined;
  if (scope) {
    const apiKey = await credentialIn(env, scope, provider.id);
    if (!apiKey) throw notFound(`The ${scope.kind} '${scope.id}' has no ${provider.id} credential.`, 'credential_not_found');
    return { apiKey, source: scope.kind };
  }
  return provider.apiKey ? { apiKey: provider.apiKey, source: 'gateway' } : { source: 'none' };
}

export const adminProviderRoutes = new Hono<AppEnv>().post(
  '/providers/:name/test',
  validator('param', z.object({ name: providerIdSchema })),
  validator('json', providerTestSchema),
  async (c) => {
    const { name } = c.req.valid('param');
    const input = c.req.valid('json');
    const provider = providerNamed(c.env, name);
    const credential = await chooseCredential(c.env, provider, input);
    const target = { ...toTarget({ provider, model: input.model ?? '' }), apiKey: credential.apiKey };
    const adapter = await loadedAdapterFor(target);
    let request: RequestInit & { url: string };
    if (input.model) {
      const spec = adapter.chat.buildRequest({ model: input.model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 }, target);
      request = { url: spec.url, method: 'POST', headers: spec.headers, body: spec.body };
    } else if (adapter.buildProbeRequest) {
      request = { method: 'GET', ...adapter.buildProbeRequest(target) };
    } else {
      throw new GatewayError(
        'invalid_request',
        `Provider '${name}' has no free probe; send a "model" to test it with a one-token completion.`,
        {
          param: 'model',
          code: 'model_required',
        },
      );
    }
    const started = Date.now();
    let status = 0;
    try {
      const response = await fetch(request.url, { ...request, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      status = response.status;
      await response.body?.cancel();
    } catch {
      status = 0;
    }
    const ok = status >= 200 && status < 300;
    return c.json({ provider: name, credential: credential.source, ok, status, latency_ms: Date.now() - started });
  },
);
