/** A bad SWITCHBOARD_CONFIG at run time: /health answers 503 naming the field; other routes say the same. */
import { describe, expect, it } from 'vitest';
import { callWorker, envWith } from '../support/worker';

const withConfig = (config: string) => envWith({ SWITCHBOARD_CONFIG: config });

async function health(env: Env, key?: string | null) {
  const { response } = await callWorker('/health', { env, key });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /health and the configuration', () => {
  it('answers 200 with a valid config', async () => {
    const { status, body } = await health(withConfig('{"cache":{"mode":"on"}}'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok' });
  });

  it('answers 503 naming the unknown field (the old .dev.vars.example sample)', async () => {
    const env = withConfig('{"aliases":{"smart":{"targets":["openai/gpt-4o-mini"]}}}');
    const { status, body } = await health(env);
    expect(status).toBe(503);
    expect(body).toEqual({
      status: 'misconfigured',
      error: {
        message: 'Gateway misconfigured: SWITCHBOARD_CONFIG.aliases: Unrecognized key: "aliases"',
        code: 'gateway_misconfigured',
        field: 'SWITCHBOARD_CONFIG.aliases',
      },
    });
    // Any other request fails with the same message, not a bare 500.
    const chat = await callWorker('/v1/chat/completions', {
      method: 'POST',
      env,
      json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(chat.response.status).toBe(500);
    expect(await chat.response.json()).toMatchObject({ error: { code: 'gateway_misconfigured', param: 'SWITCHBOARD_CONFIG.aliases' } });
  });

  it('names a nested field, a cross-section check and broken JSON', async () => {
    const cases = [
      ['{"routes":{"smart":{"targets":[{"model":"openai/gpt-4o","weight":0}]}}}', 'SWITCHBOARD_CONFIG.routes.smart.targets[0].weight'],
      ['{"routes":{"smart":{"targets":[{"model":"nowhere/x"}]}}}', 'SWITCHBOARD_CONFIG.routes.smart.targets[0].model'],
      ['{"cache":', 'SWITCHBOARD_CONFIG'],
    ];
    for (const [config, field] of cases) {
      const { status, body } = await health(withConfig(config as string));
      expect(status, config).toBe(503);
      expect((body.error as { field: string }).field, config).toBe(field);
    }
  });

  it('still needs a valid credential to say so', async () => {
    const env = withConfig('{"aliases":{}}');
    expect((await health(env, null)).status).toBe(401);
    expect((await health(env, 'sb-wrong')).status).toBe(401);
  });
});
