/**
 * Which targets may serve this request, and under which settings. First match wins:
 *  1. the `x-switchboard-route` header: a route name, or a comma list of `provider/model`
 *     (tried in order as fallbacks);
 *  2. the request's `model`, when it names a route;
 *  3. the key's `routing.defaultRoute`, when `model` names no configured provider;
 *  4. the request's `model` alone (`provider/model`, or a bare name for the default provider).
 * Every target resolves to a configured provider (never a caller-chosen host) and must be one
 * the key may use. Targets the caller named are refused outright when not allowed; a route's
 * targets that are not allowed or not configured are left out, and only an empty list is an error.
 */

import type { Target } from '../../providers/types';
import type { ChatRequest } from '../canonical';
import type { Config } from '../config';
import { GatewayError, invalidRequest } from '../http/errors';
import type { GatewayKey } from '../keys/gateway-key';
import { modelIdProblem } from '../models/model-id';
import { type ResolveFailure, resolveFailureToError, resolveModel } from '../models/model-resolution';
import { toTarget } from '../pipeline/chat-dispatch';
import { keyMayUse } from './key-permissions';
import {
  type AttemptTimeouts,
  type RouteInput,
  RouteStrategy,
  type RoutingSettings,
  routingSettings,
  type TargetOverrides,
} from './route-config';

export const RoutingHeader = {
  route: 'x-switchboard-route',
  timeout: 'x-switchboard-timeout-ms',
} as const;

/** Most targets a header list may name (the same bound as a configured route). */
const MAX_HEADER_TARGETS = 16;

export interface PlannedTarget {
  /** `provider/model`: the breaker key and the name in logs. */
  name: string;
  /** Which caller credential (BYOK) the target uses, e.g. `key:<id>`; absent for the gateway's own. */
  credentialId?: string;
  target: Target;
  weight: number;
  overrides?: TargetOverrides;
  timeouts: AttemptTimeouts;
}

export interface RoutePlan {
  /** The route name, when a configured route chose the targets; the header's list when it named them. */
  route?: string;
  strategy: RouteStrategy;
  targets: PlannedTarget[];
  settings: RoutingSettings;
  deadlineMs: number;
}

interface TargetSpec {
  model: string;
  weight?: number;
  overrides?: TargetOverrides;
  timeouts?: AttemptTimeouts;
}

interface RouteChoice {
  route?: string;
  input?: RouteInput;
  specs: TargetSpec[];
  /** The caller named these targets: refuse rather than skip the ones it may not use. */
  explicit: boolean;
  /** Targets listed in the route header, as given: what the response names as the route used. */
  listed?: string;
}

export interface PlanContext {
  config: Config;
  key: Pick<GatewayKey, 'allowedModels' | 'allowedProviders' | 'routing'>;
  headers: Headers;
}

function namedRoute(name: string, config: Config): RouteChoice | undefined {
  const routes = config.raw.routes;
  if (!routes || !Object.hasOwn(routes, name)) return undefined;
  const input = routes[name] as RouteInput;
  return { route: name, input, specs: input.targets, explicit: false };
}

function fromHeader(value: string, config: Config): RouteChoice {
  if (!value.includes('/') && !value.includes(',')) {
    const choice = namedRoute(value, config);
    if (!choice) throw new GatewayError('not_found', `No route named '${value}'.`, { code: 'route_not_found', param: RoutingHeader.route });
    return choice;
  }
  const models = value.split(',').map((entry) => entry.trim());
  const invalid = (model: string) => !/^[a-z][a-z0-9-]*\/\S+$/.test(model) || modelIdProblem(model) !== undefined;
  if (models.length > MAX_HEADER_TARGETS || models.some(invalid)) {
    throw invalidRequest(
      `The ${RoutingHeader.route} header takes a route name or up to ${MAX_HEADER_TARGETS} comma-separated 'provider/model' targets.`,
      RoutingHeader.route,
      'invalid_route',
    );
  }
  return { specs: models.map((model) => ({ model })), explicit: true, listed: models.join(',') };
}

function chooseRoute(model: string, context: PlanContext): RouteChoice {
  const header = context.headers.get(RoutingHeader.route)?.trim();
  if (header) return fromHeader(header, context.config);
  const named = namedRoute(model, context.config);
  if (named) return named;
  const slash = model.indexOf('/');
  const namesProvider = slash > 0 && context.config.knownProviders.has(model.slice(0, slash));
  const keyRoute = context.key.routing?.defaultRoute;
  if (!namesProvider && keyRoute) {
    const choice = namedRoute(keyRoute, context.config);
    if (!choice) {
      throw new GatewayError('internal', `Gateway misconfigured: this key's default route '${keyRoute}' does not exist.`, {
        code: 'gateway_misconfigured',
      });
    }
    return choice;
  }
  return { specs: [{ model }], explicit: true };
}

function deadlineFor(headers: Headers, settings: RoutingSettings): number {
  const value = headers.get(RoutingHeader.timeout)?.trim();
  if (!value) return Math.min(settings.timeouts.requestMs, settings.timeouts.maxRequestMs);
  const ms = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!(ms >= 1))
    throw invalidRequest(`The ${RoutingHeader.timeout} header must be a whole number of milliseconds.`, RoutingHeader.timeout);
  // Capped, not refused: the effective deadline is reported back in the same header.
  return Math.min(ms, settings.timeouts.maxRequestMs);
}

export function planRoute(request: Pick<ChatRequest, 'model'>, context: PlanContext): RoutePlan {
  const choice = chooseRoute(request.model, context);
  const settings = routingSettings(context.config.raw.routing, choice.input);
  const { firstByteMs, attemptMs, idleMs } = settings.timeouts;
  const targets: PlannedTarget[] = [];
  let unresolved: ResolveFailure | undefined;
  let refused = 0;
  for (const spec of choice.specs) {
    const resolved = resolveModel(spec.model, context.config);
    if (!resolved.ok) {
      if (choice.explicit) throw resolveFailureToError(resolved.error);
      unresolved ??= resolved.error;
      continue;
    }
    const target = toTarget(resolved.value);
    if (!keyMayUse(context.key, target.provider, target.model, choice.route)) {
      if (choice.explicit) {
        throw new GatewayError('permission', `This key may not use '${target.provider}/${target.model}'.`, {
          code: 'model_not_allowed',
          param: 'model',
        });
      }
      refused += 1;
      continue;
    }
    targets.push({
      name: `${target.provider}/${target.model}`,
      target,
      weight: spec.weight ?? 1,
      overrides: spec.overrides,
      timeouts: { firstByteMs, attemptMs, idleMs, ...spec.timeouts },
    });
  }
  if (targets.length === 0) {
    if (refused > 0 || !unresolved) {
      throw new GatewayError('permission', `This key may not use any target of route '${choice.route}'.`, { code: 'model_not_allowed' });
    }
    throw resolveFailureToError(unresolved);
  }
  return {
    route: choice.route ?? choice.listed,
    strategy: choice.input?.strategy ?? RouteStrategy.fallback,
    targets,
    settings,
    deadlineMs: deadlineFor(context.headers, settings),
  };
}
