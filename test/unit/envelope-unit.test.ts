import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { putCredential, rewrapAll } from '../../src/lib/keys/credential-admin';
import { open } from '../../src/lib/keys/envelope';
import { seal } from '../../src/lib/keys/envelope-seal';
import { credentialIn } from '../../src/lib/keys/provider-credentials';

const masterA = env.SWITCHBOARD_MASTER_KEY as string;
const masterB = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const withMasters = (current: string, previous?: string): Env => ({
  ...env,
  SWITCHBOARD_MASTER_KEY: current,
  SWITCHBOARD_MASTER_KEY_PREVIOUS: previous,
});

describe('AES-256-GCM envelopes', () => {
  it('round-trips, with a fresh nonce each time and no plaintext in the envelope', async () => {
    const first = await seal(env, 'sk-secret-value', 'byok:key:k:openai');
    const second = await seal(env, 'sk-secret-value', 'byok:key:k:openai');
    expect(first.iv).not.toBe(second.iv);
    expect(JSON.stringify(first)).not.toContain('sk-secret');
    expect(await open(env, first, 'byok:key:k:openai')).toBe('sk-secret-value');
  });

  it('is bound to its slot and detects tampering', async () => {
    const envelope = await seal(env, 'sk-secret-value', 'byok:key:a:openai');
    await expect(open(env, envelope, 'byok:key:b:openai')).rejects.toMatchObject({ code: 'gateway_misconfigured' });
    const flipped = { ...envelope, data: `${envelope.data.slice(0, -2)}${envelope.data.endsWith('A') ? 'B' : 'A'}A` };
    await expect(open(env, flipped, 'byok:key:a:openai')).rejects.toMatchObject({ code: 'gateway_misconfigured' });
  });

  it('refuses a master key that is not 32 base64 bytes, and a missing one, with a clear message', async () => {
    await expect(seal(withMasters('too-short'), 'x', 'slot')).rejects.toThrow(/32 random bytes/);
    await expect(seal({ ...env, SWITCHBOARD_MASTER_KEY: undefined }, 'x', 'slot')).rejects.toThrow(/SWITCHBOARD_MASTER_KEY is not set/);
  });

  it('master key rotation: previous keys still open, rewrap re-seals everything under the new key', async () => {
    const scope = { kind: 'tenant' as const, id: `rotation-${crypto.randomUUID().slice(0, 8)}` };
    await putCredential(env, scope, 'openai', 'sk-rotating-credential');
    const rotated = withMasters(masterB, masterA);
    expect(await credentialIn(rotated, scope, 'openai', Date.now() + 60_000)).toBe('sk-rotating-credential');
    const report = await rewrapAll(rotated);
    expect(report.rewrapped).toBeGreaterThanOrEqual(1);
    expect(report.rewrapped).toBe(report.total);
    // After the rewrap the old master key can be dropped entirely.
    expect(await credentialIn(withMasters(masterB), scope, 'openai', Date.now() + 120_000)).toBe('sk-rotating-credential');
    await expect(credentialIn(withMasters(masterA), scope, 'openai', Date.now() + 180_000)).rejects.toMatchObject({
      code: 'gateway_misconfigured',
    });
    // Put the namespace back under the test master key for other tests.
    expect((await rewrapAll(withMasters(masterA, masterB))).rewrapped).toBe(report.total);
  });
});
