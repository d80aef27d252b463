import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/config';
import { GatewayError } from '../../src/lib/http/errors';
import { planRoute } from '../../src/lib/routing/route-plan';

const config = loadConfig({
  OPENAI_API_KEY: 'sk-test-openai',
  DEEPSEEK_API_KEY: 'sk-test-deepseek',
  SWITCHBOARD_DEFAULT_PROVIDER: 'openai',
  SWITCHBOARD_CONFIG: JSON.stringify({
    routing: { timeouts: { requestMs: 30_000, maxRequestMs: 60_000, firstByteMs: 8000 } },
    routes: {
      smart: {
        strategy: 'weighted-fallback',
        targets: [
          { model: 'openai/gpt-4o', weight: 3, overrides: { max_tokens: 100 }, timeouts: { firstByteMs: 2000 } },
          { model: 'deepseek/deepseek-chat' },
          { model: 'anthropic/claude-sonnet-4-5' },
        ],
      },
      cheap: { targets: [{ model: 'deepseek/deepseek-chat' }], timeouts: { requestMs: 5000 } },
    },
  }),
});

const everyKey = {};
const plan = (model: string, headers: Record<string, string> = {}, key: Parameters<typeof planRoute>[1]['key'] = everyKey) =>
  planRoute({ model }, { config, key, headers: new Headers(headers) });

function failure(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
  }
  throw new Error('expected a GatewayError');
}

describe('planRoute', () => {
  it('routes a model that names a route through its targets, leaving out unconfigured providers', () => {
    const result = plan('smart');
    expect(result.route).toBe('smart');
    expect(result.strategy).toBe('weighted-fallback');
    expect(result.targets.map((target) => target.name)).toEqual(['openai/gpt-4o', 'deepseek/deepseek-chat']);
    expect(result.targets[0]).toMatchObject({ weight: 3, overrides: { max_tokens: 100 }, timeouts: { firstByteMs: 2000 } });
    expect(result.targets[1]?.timeouts.firstByteMs).toBe(8000);
    expect(result.deadlineMs).toBe(30_000);
  });

  it('sends a plain provider/model to that one target', () => {
    const result = plan('openai/gpt-4o-mini');
    expect(result.route).toBeUndefined();
    expect(result.targets.map((target) => target.name)).toEqual(['openai/gpt-4o-mini']);
  });

  it('lets the header pick a route or a fallback list, over the body model', () => {
    expect(plan('openai/gpt-4o-mini', { 'x-switchboard-route': 'cheap' }).route).toBe('cheap');
    const list = plan('anything', { 'x-switchboard-route': 'openai/a, deepseek/b' });
    expect(list.strategy).toBe('fallback');
    expect(list.targets.map((target) => target.name)).toEqual(['openai/a', 'deepseek/b']);
  });

  it("uses the key's default route when the model names no provider", () => {
    const key = { routing: { defaultRoute: 'cheap' } };
    expect(plan('gpt-4o-mini', {}, key).route).toBe('cheap');
    expect(plan('openai/gpt-4o-mini', {}, key).route).toBeUndefined();
  });

  it('refuses header targets the key may not use, and never reaches an unconfigured host', () => {
    const key = { allowedModels: ['openai/*'] };
    expect(failure(() => plan('x', { 'x-switchboard-route': 'openai/a,deepseek/b' }, key))).toMatchObject({
      status: 403,
      code: 'model_not_allowed',
    });
    expect(failure(() => plan('x', { 'x-switchboard-route': 'https://evil.example/v1' }))).toMatchObject({
      status: 400,
      code: 'invalid_route',
    });
    expect(failure(() => plan('x', { 'x-switchboard-route': 'anthropic/claude' }))).toMatchObject({ code: 'provider_not_configured' });
  });

  it("keeps only a route's targets the key may use", () => {
    expect(plan('smart', {}, { allowedProviders: ['deepseek'] }).targets.map((target) => target.name)).toEqual(['deepseek/deepseek-chat']);
    expect(failure(() => plan('smart', {}, { allowedProviders: ['gemini'] }))).toMatchObject({ status: 403 });
    // A pattern equal to the route name admits the route.
    expect(plan('smart', {}, { allowedModels: ['smart'] }).targets).toHaveLength(2);
  });

  it('answers 404 for an unknown route name in the header', () => {
    expect(failure(() => plan('x', { 'x-switchboard-route': 'nope' }))).toMatchObject({ status: 404, code: 'route_not_found' });
  });

  it('takes the caller deadline from x-switchboard-timeout-ms, capped by the config', () => {
    expect(plan('smart', { 'x-switchboard-timeout-ms': '1500' }).deadlineMs).toBe(1500);
    expect(plan('smart', { 'x-switchboard-timeout-ms': '999999' }).deadlineMs).toBe(60_000);
    expect(plan('cheap').deadlineMs).toBe(5000);
    for (const bad of ['0', '-5', '1.5', 'soon']) {
      expect(failure(() => plan('smart', { 'x-switchboard-timeout-ms': bad }))).toMatchObject({
        status: 400,
        param: 'x-switchboard-timeout-ms',
      });
    }
  });
});
