import { describe, expect, it } from 'vitest';
import routingDoc from '../../docs/routing.md?raw';
import { loadConfig } from '../../src/lib/config';
import { routingSettings } from '../../src/lib/routing/route-config';

const withRoutes = (config: unknown) => ({ OPENAI_API_KEY: 'sk-test', SWITCHBOARD_CONFIG: JSON.stringify(config) });
const smart = (targets: unknown[], extra: Record<string, unknown> = {}) => ({ routes: { smart: { targets, ...extra } } });

describe('routing config validation', () => {
  it('accepts a route with weights, overrides and per-target timeouts', () => {
    const config = loadConfig(
      withRoutes(
        smart(
          [
            { model: 'openai/gpt-4o', weight: 3, overrides: { max_tokens: 512, temperature: 0.2 }, timeouts: { firstByteMs: 5000 } },
            { model: 'deepseek/deepseek-chat' },
          ],
          { strategy: 'weighted-fallback', retry: { attemptsPerTarget: 3 } },
        ),
      ),
    );
    expect(config.raw.routes?.smart?.targets[0]?.overrides).toEqual({ max_tokens: 512, temperature: 0.2 });
  });

  it.each([
    [smart([{ model: 'openai/gpt-4o' }, { model: 'deepseek/x', weight: 0 }]), 'SWITCHBOARD_CONFIG.routes.smart.targets[1].weight:'],
    [smart([{ model: 'openai/gpt-4o' }, { model: 'deepseek/x', weight: -2 }]), 'SWITCHBOARD_CONFIG.routes.smart.targets[1].weight:'],
    [smart([{ model: 'gpt-4o' }]), 'SWITCHBOARD_CONFIG.routes.smart.targets[0].model: must be "provider/model"'],
    [smart([{ model: 'nowhere/gpt-4o' }]), "SWITCHBOARD_CONFIG.routes.smart.targets[0].model: unknown provider 'nowhere'"],
    [smart([]), 'SWITCHBOARD_CONFIG.routes.smart.targets:'],
    [
      smart([{ model: 'openai/gpt-4o', overrides: { temperature: 3 } }]),
      'SWITCHBOARD_CONFIG.routes.smart.targets[0].overrides.temperature:',
    ],
    [smart([{ model: 'openai/gpt-4o', overrides: { stream: true } }]), 'SWITCHBOARD_CONFIG.routes.smart.targets[0].overrides.stream:'],
    [smart([{ model: 'openai/gpt-4o' }], { strategy: 'round-robin' }), 'SWITCHBOARD_CONFIG.routes.smart.strategy:'],
    [
      smart([{ model: 'openai/gpt-4o' }], { retry: { baseDelayMs: 500, maxDelayMs: 100 } }),
      'SWITCHBOARD_CONFIG.routes.smart.retry.baseDelayMs:',
    ],
    [{ routes: { 'a/b': { targets: [{ model: 'openai/gpt-4o' }] } } }, 'SWITCHBOARD_CONFIG.routes.a/b:'],
    [{ routing: { timeouts: { requestMs: 9000, maxRequestMs: 1000 } } }, 'SWITCHBOARD_CONFIG.routing.timeouts.requestMs: must not exceed'],
    [{ routing: { breaker: { failureThreshold: 0 } } }, 'SWITCHBOARD_CONFIG.routing.breaker.failureThreshold:'],
  ])('names the bad field (%#)', (config, message) => {
    expect(() => loadConfig(withRoutes(config))).toThrow(message);
  });

  it('accepts the worked example in docs/routing.md', () => {
    const example = /```json\n([\s\S]*?)\n```/.exec(routingDoc)?.[1];
    const config = loadConfig({ SWITCHBOARD_CONFIG: example, AZURE_OPENAI_ENDPOINT: 'https://example.openai.azure.com' });
    expect(Object.keys(config.raw.routes ?? {})).toEqual(['smart', 'cheap']);
    expect(config.raw.routes?.smart?.strategy).toBe('weighted-fallback');
  });

  it('knows providers added in the same config', () => {
    const config = loadConfig(
      withRoutes({
        providers: { 'my-vllm': { adapter: 'openai', baseUrl: 'http://vllm.internal/v1' } },
        routes: { local: { targets: [{ model: 'my-vllm/llama' }] } },
      }),
    );
    expect(config.raw.routes?.local?.targets).toHaveLength(1);
  });
});

describe('routingSettings', () => {
  it('layers built-in defaults, the config defaults and the route', () => {
    const settings = routingSettings(
      { retry: { baseDelayMs: 10, maxDelayMs: 20 }, timeouts: { idleMs: 1000 } },
      { targets: [{ model: 'openai/x' }], retry: { attemptsPerTarget: 4 }, breaker: { cooldownMs: 5 } },
    );
    expect(settings.retry).toEqual({ attemptsPerTarget: 4, baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 30_000 });
    expect(settings.timeouts).toMatchObject({ idleMs: 1000, requestMs: 600_000 });
    expect(settings.breaker).toEqual({ failureThreshold: 5, cooldownMs: 5 });
  });
});
