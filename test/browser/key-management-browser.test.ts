/**
 * Key management in the dashboard, in Chromium against `wrangler dev`: the admin creates a key
 * with access rules and limits (its secret shown once, copied with the button), edits the limits,
 * sets and clears a provider credential (never shown back), rotates the secret with a grace
 * period and revokes the key. Each step is checked through the admin API and by using the key.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_TOKEN, api, type OpenBrowser, openBrowser, SCREENSHOTS, signIn } from './browser';

const gatewayUrl = inject('browserGatewayUrl');
let browser: OpenBrowser;
const name = `ui-key-${crypto.randomUUID().slice(0, 8)}`;
let keyId = '';
let secret = '';

interface StoredKey {
  id: string;
  name: string;
  status: string;
  allowedProviders?: string[];
  limits?: Record<string, unknown>;
}

const adminApi = <T>(path: string) => api<T>(gatewayUrl, path, ADMIN_TOKEN);

async function chatStatus(key: string, model: string): Promise<number> {
  const response = await fetch(`${gatewayUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }] }),
  });
  await response.text();
  return response.status;
}

beforeAll(async () => {
  browser = await openBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gatewayUrl });
  await signIn(browser.page, gatewayUrl, '/dashboard/', ADMIN_TOKEN);
  await browser.page.waitForSelector('body[data-state=ready]');
});

afterAll(async () => {
  await browser?.close();
});

describe('key management in the dashboard', () => {
  it('creates a key with access rules and limits, and shows its secret once with a copy button', async () => {
    const { page } = browser;
    await page.click('#new-key');
    const editor = page.locator('#key-editor');
    // Every control of the form is reachable by its label.
    await editor.getByLabel('Name').fill(name);
    await editor.getByLabel('Allowed providers').fill('openai, xai');
    await editor.getByLabel('Requests per minute').fill('60');
    await editor.getByLabel('Tokens per minute').fill('50000');
    await editor.getByLabel('Concurrent requests').fill('4');
    await editor.getByLabel('Budget (USD)').fill('2.5');
    await editor.getByLabel('Budget period').selectOption('day');
    await editor.getByLabel('Queue: longest wait (ms)').fill('2000');
    await editor.getByLabel('Queue: most waiting').fill('10');
    const unlabelled = await editor.evaluate((root) =>
      [...root.querySelectorAll('input, select')]
        .filter((control) => (control as HTMLInputElement).labels?.length === 0)
        .map((control) => control.id),
    );
    expect(unlabelled).toEqual([]);
    await page.click('#key-submit');
    const box = page.locator('#key-secret');
    await box.waitFor({ state: 'visible' });
    expect(await box.textContent()).toContain('shown only once');
    secret = await page.inputValue('#secret-value');
    expect(secret).toMatch(/^sb-[A-Za-z0-9_-]{40,}$/);
    await page.click('#secret-copy');
    await page.waitForFunction(() => document.getElementById('secret-copy-status')?.textContent === 'Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    const row = page.locator('[data-table=keys] tr', { hasText: name });
    await row.waitFor();
    expect(await row.textContent()).toContain('60 rpm');
    keyId = (await row.locator('td.mono').textContent()) ?? '';
    const stored = await adminApi<StoredKey>(`/admin/keys/${keyId}`);
    expect(stored).toMatchObject({
      name,
      status: 'active',
      allowedProviders: ['openai', 'xai'],
      limits: {
        requestsPerMinute: 60,
        tokensPerMinute: 50000,
        maxConcurrent: 4,
        budgetUsd: 2.5,
        budgetPeriod: 'day',
        queue: { maxWaitMs: 2000, maxQueued: 10 },
      },
    });
    expect(await chatStatus(secret, 'openai/gpt-4o-mini')).toBe(200);
    expect(await chatStatus(secret, 'anthropic/claude-sonnet-4-5')).toBe(403);
    // Dismissed, the secret is gone from the page for good.
    await page.click('#secret-done');
    expect(await page.content()).not.toContain(secret);
    expect(browser.errors).toEqual([]);
  });

  it('edits the limits: a changed field is saved, a cleared one removed', async () => {
    const { page } = browser;
    await page.click(`[data-manage="${keyId}"]`);
    const editor = page.locator('#key-editor');
    await editor.getByLabel('Requests per minute').waitFor();
    expect(await editor.getByLabel('Requests per minute').inputValue()).toBe('60');
    await editor.getByLabel('Requests per minute').fill('30');
    await editor.getByLabel('Budget (USD)').fill('');
    await editor.getByLabel('Queue: longest wait (ms)').fill('');
    await editor.getByLabel('Queue: most waiting').fill('');
    await page.click('#key-submit');
    await page.waitForFunction(() => document.getElementById('key-saved')?.textContent?.startsWith('Saved'));
    const stored = await adminApi<StoredKey>(`/admin/keys/${keyId}`);
    expect(stored.limits).toEqual({ requestsPerMinute: 30, tokensPerMinute: 50000, maxConcurrent: 4 });
    expect(await page.locator('[data-table=keys] tr', { hasText: name }).textContent()).toContain('30 rpm');
    // A value the API refuses is explained in place, naming the field.
    await editor.getByLabel('Concurrent requests').fill('-1');
    await page.click('#key-submit');
    const error = page.locator('#key-form-error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toMatch(/maxConcurrent/);
    await editor.getByLabel('Concurrent requests').fill('4');
  });

  it('sets and clears a provider credential (BYOK) that is never shown back', async () => {
    const { page } = browser;
    const editor = page.locator('#key-editor');
    const own = 'sk-own-openai-credential-0123';
    await editor.getByLabel('Provider', { exact: true }).fill('openai');
    await editor.getByLabel('Provider API key').fill(own);
    await page.click('#byok-save');
    await page.locator('#byok-list [data-provider=openai]').waitFor();
    expect(await page.content()).not.toContain(own);
    expect(await editor.getByLabel('Provider API key').inputValue()).toBe('');
    const listed = await adminApi<{ data: { provider: string }[] }>(`/admin/keys/${keyId}/providers`);
    expect(listed.data.map((entry) => entry.provider)).toEqual(['openai']);
    // The key's own credential is the one sent: the fake upstream knows only the gateway's, and
    // refuses it, reported as the caller's credential.
    const refused = await fetch(`${gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] }),
    });
    expect(refused.status).toBe(502);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('your own (BYOK) credential');
    await page.mouse.move(0, 0);
    // The key management view alone (docs/images/dashboard-keys.png is a copy of it).
    await mkdir(SCREENSHOTS, { recursive: true });
    // The sticky top bar would be drawn over an element screenshot taller than the viewport.
    await page.evaluate(() => document.querySelector<HTMLElement>('.topbar')?.style.setProperty('position', 'static'));
    await page.locator('#keys-card').screenshot({ path: join(SCREENSHOTS, 'dashboard-keys.png') });
    await page.evaluate(() => document.querySelector<HTMLElement>('.topbar')?.style.removeProperty('position'));
    await page.click('[data-clear-provider=openai]');
    await page.locator('#byok-list [data-provider=openai]').waitFor({ state: 'detached' });
    expect((await adminApi<{ data: unknown[] }>(`/admin/keys/${keyId}/providers`)).data).toEqual([]);
    expect(await chatStatus(secret, 'openai/gpt-4o-mini')).toBe(200);
  });

  it('rotates the secret: the new one shown once, the old one refused after a zero grace', async () => {
    const { page } = browser;
    await page.locator('#key-editor').getByLabel('Grace for the old secret (seconds)').fill('0');
    await page.click('#rotate');
    await page.locator('#key-secret').waitFor({ state: 'visible' });
    const rotated = await page.inputValue('#secret-value');
    expect(rotated).not.toBe(secret);
    expect(await chatStatus(rotated, 'openai/gpt-4o-mini')).toBe(200);
    expect(await chatStatus(secret, 'openai/gpt-4o-mini')).toBe(401);
    await page.click('#secret-done');
    secret = rotated;
  });

  it('revokes the key after a confirmation', async () => {
    const { page } = browser;
    await page.click('#revoke');
    expect(await adminApi<StoredKey>(`/admin/keys/${keyId}`)).toMatchObject({ status: 'active' });
    await page.click('#revoke-confirm');
    await page.locator('#key-editor .pill.bad', { hasText: 'revoked' }).waitFor();
    expect(await adminApi<StoredKey>(`/admin/keys/${keyId}`)).toMatchObject({ status: 'revoked' });
    expect(await page.locator('[data-table=keys] tr', { hasText: name }).textContent()).toContain('revoked');
    expect(await chatStatus(secret, 'openai/gpt-4o-mini')).toBe(401);
    expect(browser.errors).toEqual([]);
  });
});
