/**
 * Routing: which target(s) serve a request, and how hard to try. The plan (route-plan.ts)
 * names the targets, strategy, retry, timeout and breaker settings; the runner
 * (route-runner.ts) makes the attempts. One attempt is `callChat`, and for a stream the
 * attempt lasts until its first content event, so a stream that dies before saying anything
 * can still fall back (stream-commit.ts). See docs/routing.md.
 */

import { loadAdapters } from '../../providers/registry';
import type { ChatRequest } from '../canonical';
import type { Config } from '../config';
import type { FidelityReport } from '../fidelity/dropped-params';
import type { GatewayKey } from '../keys/gateway-key';
import { adapterFor, type ChatOutcome, callChat } from '../pipeline/chat-dispatch';
import type { ExchangeObserver } from '../pipeline/exchange-observer';
import type { RequestRecord } from '../pipeline/request-record';
import { forwardEdits, forwardOf, laneFor } from '../pipeline/same-dialect';
import { type CredentialLookup, withByokProviders, withCallerCredentials } from './caller-credentials';
import { circuitBreakers } from './circuit-breaker';
import { sleep } from './retry-policy';
import { type PlannedTarget, planRoute, type RoutePlan } from './route-plan';
import { type Attempt, type AttemptContext, type RunnerDependencies, runRoute } from './route-runner';
import { awaitFirstContent } from './stream-commit';

export interface RouteOptions {
  config: Config;
  signal?: AbortSignal;
  record: RequestRecord;
  key: Pick<GatewayKey, 'allowedModels' | 'allowedProviders' | 'routing'>;
  /** The caller's headers, for `x-switchboard-route` and `x-switchboard-timeout-ms`. */
  headers: Headers;
  /** The caller's own provider credentials (BYOK), preferred over the gateway's. */
  credentials?: CredentialLookup | undefined;
  /** Collects what each target drops (or refuses it, for a strict caller). */
  fidelity?: FidelityReport | undefined;
}

/** A real call: `callChat`, and for a stream, wait for its first content before committing. */
export async function callTarget(
  request: ChatRequest,
  planned: PlannedTarget,
  context: AttemptContext,
  observer?: ExchangeObserver,
  fidelity?: FidelityReport,
): Promise<ChatOutcome> {
  const { signal, idleTimeoutMs } = context;
  const outcome = await callChat(request, planned.target, { signal, idleTimeoutMs, observer, overrides: planned.overrides, fidelity });
  if (outcome.kind === 'result') return outcome;
  const committed = await awaitFirstContent(outcome.stream);
  if (!committed.ok) throw committed.error;
  return { ...outcome, stream: committed.stream };
}

const liveDependencies: RunnerDependencies = {
  attempt: callTarget,
  breakers: circuitBreakers,
  now: Date.now,
  random: Math.random,
  sleep,
};

/**
 * A strict caller is refused before the first attempt when a planned target would drop something.
 * A target that takes the client's body as written (the same-dialect lane) drops only what its own edits drop.
 */
function refuseStrictDrops(request: ChatRequest, targets: PlannedTarget[], fidelity: FidelityReport): void {
  const forward = forwardOf(request);
  for (const { target } of targets) {
    const adapter = adapterFor(target);
    const lane = forward && laneFor(adapter, forward.dialect, target);
    const dropped = lane
      ? lane.forwardRequest(forward.body, forwardEdits(request, forward), target).dropped
      : adapter.chat.buildRequest(request, target).dropped;
    fidelity.targetDropped(target, dropped);
  }
}

/**
 * The route plan of a request as it will be sent: made once, after the conversation is
 * expanded, and handed both to admission (which reserves for every target it names) and to
 * the runner (which tries exactly those targets).
 */
export async function planChat(request: ChatRequest, options: Omit<RouteOptions, 'record' | 'signal'>): Promise<RoutePlan> {
  const lookup = options.credentials;
  // With caller credentials, providers the gateway holds no key for are plannable too.
  const config = lookup ? withByokProviders(options.config) : options.config;
  const plan = planRoute(request, { config, key: options.key, headers: options.headers });
  if (lookup) plan.targets = await withCallerCredentials(plan.targets, options.config, lookup);
  // Families loaded on first use are loaded now: the runner and the strict check use them as is.
  await loadAdapters(plan.targets.map(({ target }) => target.adapter));
  return plan;
}

/** Run a request along its plan (made here when the caller has none yet). */
export async function routeChat(request: ChatRequest, options: RouteOptions, given?: RoutePlan): Promise<ChatOutcome> {
  const plan = given ?? (await planChat(request, options));
  options.record.route = plan.route;
  options.record.deadlineMs = plan.deadlineMs;
  if (options.fidelity?.strict) refuseStrictDrops(request, plan.targets, options.fidelity);
  const observer = options.record.exchange;
  const attempt: Attempt = (attemptRequest, planned, context) => callTarget(attemptRequest, planned, context, observer, options.fidelity);
  return runRoute(request, plan, { record: options.record, signal: options.signal }, { ...liveDependencies, attempt });
}
