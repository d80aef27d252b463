/** A controlled world for the routing loop: scripted attempts, a fake clock, recorded sleeps. */

import type { ChatRequest } from '../../src/lib/canonical';
import type { GatewayError } from '../../src/lib/http/errors';
import type { ChatOutcome } from '../../src/lib/pipeline/chat-dispatch';
import type { RequestRecord } from '../../src/lib/pipeline/request-record';
import { CircuitBreakers } from '../../src/lib/routing/circuit-breaker';
import { type RouteStrategy, type RoutingDefaultsInput, routingSettings } from '../../src/lib/routing/route-config';
import type { PlannedTarget, RoutePlan } from '../../src/lib/routing/route-plan';
import type { AttemptContext, RunnerDependencies } from '../../src/lib/routing/route-runner';

export function planned(name: string, extra: Partial<PlannedTarget> = {}): PlannedTarget {
  const [provider = '', model = ''] = name.split('/');
  return {
    name,
    target: { provider, adapter: 'openai', model, baseUrl: 'http://unused.test', options: {} },
    weight: 1,
    timeouts: {},
    ...extra,
  };
}

export function routePlan(
  targets: PlannedTarget[],
  options: { strategy?: RouteStrategy; deadlineMs?: number; defaults?: RoutingDefaultsInput } = {},
): RoutePlan {
  return {
    route: 'test-route',
    strategy: options.strategy ?? 'fallback',
    targets,
    settings: routingSettings(options.defaults),
    deadlineMs: options.deadlineMs ?? 60_000,
  };
}

export function emptyRecord(): RequestRecord {
  return {
    requestId: 'req_test',
    keyId: 'key_test',
    surface: 'openai',
    endpoint: 'chat',
    requestedModel: 'test-route',
    stream: false,
    receivedAt: 0,
    attempts: [],
    status: 0,
    cache: 'BYPASS',
  };
}

export function resultFrom(target: PlannedTarget, text = `answer from ${target.name}`): ChatOutcome {
  return {
    kind: 'result',
    target: target.target,
    attempts: 1,
    result: {
      id: 'chatcmpl-test',
      model: target.target.model,
      created: 0,
      choices: [{ index: 0, message: { content: text }, finishReason: 'stop' }],
      usage: { inputTokens: 5, outputTokens: 7 },
    },
  };
}

export type Step = 'ok' | GatewayError | ((target: PlannedTarget, context: AttemptContext) => Promise<ChatOutcome>);

export interface Harness {
  deps: RunnerDependencies;
  clock: { now: number };
  sleeps: number[];
  calls: { target: string; request: ChatRequest }[];
}

/** Each target answers its script in order; every call takes `callMs` of fake time. */
export function harness(script: Record<string, Step[]>, options: { random?: () => number; callMs?: number } = {}): Harness {
  const clock = { now: 1_000_000 };
  const sleeps: number[] = [];
  const calls: Harness['calls'] = [];
  const deps: RunnerDependencies = {
    breakers: new CircuitBreakers(() => clock.now),
    now: () => clock.now,
    random: options.random ?? (() => 0.5),
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    attempt: async (request, target, context) => {
      calls.push({ target: target.name, request });
      clock.now += options.callMs ?? 10;
      const step = script[target.name]?.shift() ?? 'ok';
      if (step === 'ok') return resultFrom(target);
      if (typeof step === 'function') return step(target, context);
      throw step;
    },
  };
  return { deps, clock, sleeps, calls };
}
