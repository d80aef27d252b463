/**
 * What a surface calls to enter the same-dialect lane (same-dialect.ts): its body becomes the
 * canonical request it always was, with the client's body attached for forwarding.
 *
 * Validation follows the fidelity rule. The surface's strict parse (the translated lane's
 * schema) runs first; when it refuses the body, the request may still be forwarded: the
 * surface's stand-in checks only what the gateway interprets (model, messages, stream, token
 * limits, sampling fields the cache reads) and gives the pipeline a canonical view for its own
 * steps. The strict error is then kept for any target of another dialect, and thrown at once
 * when no target of the request's route speaks the body's dialect, before any upstream call.
 */
import type { Context } from 'hono';
import { adapters } from '../../providers/registry';
import type { Dialect } from '../../providers/types';
import type { ChatRequest } from '../canonical';
import { getConfig } from '../config';
import type { AppEnv } from '../http/context';
import { GatewayError } from '../http/errors';
import { rawBodyOf } from '../http/validation';
import { callerCredentials } from '../keys/provider-credentials';
import { withByokProviders } from '../routing/caller-credentials';
import { planRoute } from '../routing/route-plan';
import { pickForwardedHeaders, speaks, withForward } from './same-dialect';

export interface SurfaceParsers {
  /** The translated lane's parse: the full canonical request, or the 400 that explains why not. */
  strict(body: unknown): ChatRequest;
  /** Validates only what the gateway interprets; a canonical view for admission, cache and sessions. */
  standIn(body: Record<string, unknown>): ChatRequest;
}

/** Whether any target the request could be routed to speaks `dialect`. */
export function someTargetSpeaks(c: Context<AppEnv>, model: string, dialect: Dialect): boolean {
  const base = getConfig(c.env);
  const config = callerCredentials(c.env, c.get('key')) ? withByokProviders(base) : base;
  try {
    const plan = planRoute({ model }, { config, key: c.get('key'), headers: c.req.raw.headers });
    return plan.targets.some((planned) => speaks(adapters[planned.target.adapter], dialect, planned.target));
  } catch {
    return false;
  }
}

export function forwardableRequest(c: Context<AppEnv>, dialect: Dialect, body: unknown, parsers: SurfaceParsers): ChatRequest {
  let canonical: ChatRequest;
  let untranslatable: GatewayError | undefined;
  try {
    canonical = parsers.strict(body);
  } catch (strictError) {
    if (!(strictError instanceof GatewayError) || typeof body !== 'object' || body === null || Array.isArray(body)) throw strictError;
    try {
      canonical = parsers.standIn(body as Record<string, unknown>);
    } catch {
      throw strictError;
    }
    if (!someTargetSpeaks(c, canonical.model, dialect)) throw strictError;
    untranslatable = strictError;
  }
  const raw = body as Record<string, unknown>;
  return withForward(canonical, {
    dialect,
    body: raw,
    text: rawBodyOf(c.req.raw) ?? JSON.stringify(raw),
    headers: pickForwardedHeaders(c.req.raw.headers),
    clientMessages: canonical.messages.length,
    ...(untranslatable ? { untranslatable } : {}),
  });
}
