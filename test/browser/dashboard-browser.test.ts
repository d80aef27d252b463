/**
 * The dashboard in a real browser against `wrangler dev`: usage created during the test shows
 * up in its charts and tables, a request opens its archived record, the admin sees every key,
 * and a wrong key gets a clear message.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_TOKEN, api, createKey, eventually, type OpenBrowser, openBrowser, screenshot, signIn } from './browser';

const gatewayUrl = inject('browserGatewayUrl');
const today = new Date().toISOString().slice(0, 10);
let browser: OpenBrowser;
let key: { id: string; key: string };
const requestIds: string[] = [];

interface Usage {
  totals: { requests: number };
}

async function chat(body: Record<string, unknown>): Promise<Response> {
  const response = await fetch(`${gatewayUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }], ...body }),
  });
  await response.text();
  const id = response.headers.get('x-request-id');
  if (id && response.headers.get('x-switchboard-cache') !== 'HIT') requestIds.push(id);
  return response;
}

beforeAll(async () => {
  key = await createKey(gatewayUrl, `dashboard-browser-${crypto.randomUUID().slice(0, 8)}`);
  // Five requests: two models, one failure, one answered from the cache (not archived).
  expect((await chat({ model: 'openai/gpt-4o-mini' })).status).toBe(200);
  expect((await chat({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Another' }] })).status).toBe(200);
  expect((await chat({ model: 'openai/gpt-4o-mini' })).headers.get('x-switchboard-cache')).toBe('HIT');
  expect((await chat({ model: 'anthropic/claude-sonnet-4-5', stream: true })).status).toBe(200);
  expect((await chat({ model: 'openai/gpt-4o-mini@status=400' })).status).toBe(400);
  // The queue consumer accounts them within seconds, and the archives land after each response.
  await eventually(async () => (await api<Usage>(gatewayUrl, '/v1/usage', key.key)).totals.requests === 5);
  await eventually(async () => (await api<{ data: unknown[] }>(gatewayUrl, `/v1/logs?from=${today}`, key.key)).data.length === 4);
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('dashboard', () => {
  it('draws the charts, tables and headroom from the usage created above', async () => {
    const { page } = browser;
    await signIn(page, gatewayUrl, '/dashboard/', key.key);
    await page.waitForSelector('body[data-state=ready]');
    expect(await page.textContent('[data-kpi=requests] .value')).toBe('5');
    expect(await page.textContent('[data-kpi=error-rate] .value')).toBe('20.0%');
    expect(await page.textContent('[data-kpi=cache] .value')).toBe('20.0%');
    // Today's bar stack holds four successes and one failure.
    const todayBar = page.locator(`#chart-requests g[data-label="${today}"]`);
    expect(await todayBar.locator('rect.bar').count()).toBe(2);
    expect(await todayBar.locator('title').textContent()).toContain('Succeeded: 4\nFailed: 1');
    expect(await page.locator('#chart-tokens rect.bar').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-cost rect.bar').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-latency circle').count()).toBeGreaterThan(0);
    const models = await page.locator('[data-table=models] tbody td:first-child').allTextContents();
    expect(models).toEqual(expect.arrayContaining(['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini@status=400']));
    expect(await page.textContent('[data-meter=rpm]')).toContain('of 120 left');
    expect(await page.textContent('[data-meter=budget]')).toContain('$5.00');
    const recent = await page.locator('[data-table=recent] a[data-request-id]').allTextContents();
    expect([...recent].sort()).toEqual([...requestIds].sort());
    await screenshot(page, 'dashboard-key');
    expect(browser.errors).toEqual([]);
  });

  it('opens a recent request’s archived record, decoded, in a side panel', async () => {
    const { page } = browser;
    const streamed = requestIds[2] ?? '';
    await page.click(`a[data-request-id="${streamed}"]`);
    const panel = page.locator('[data-panel=log]');
    await panel.locator('dl.facts').waitFor();
    expect(await panel.locator('h2').textContent()).toBe(streamed);
    const text = await panel.textContent();
    expect(text).toContain('anthropic/claude-sonnet-4-5');
    expect(text).toContain('Request as received');
    expect(text).toContain('Sent to the caller (200)');
    // The raw exchange is there, decoded: the provider's SSE events as the archive kept them.
    expect(text).toContain('message_start');
    await screenshot(page, 'dashboard-log-panel', false);
    await page.keyboard.press('Escape');
    expect(await panel.count()).toBe(0);
  });

  it('shows the admin every key with its limits and spend, and one key on request', async () => {
    const { page } = browser;
    await page.click('#sign-out');
    await page.fill('#key', ADMIN_TOKEN);
    await page.click('#signin-submit');
    await page.waitForSelector('body[data-state=ready]');
    expect(await page.textContent('#who')).toContain('admin');
    const row = page.locator('[data-table=keys] tr', { hasText: key.id });
    expect(await row.textContent()).toContain('120 rpm');
    expect(await row.locator('td').nth(4).textContent()).toBe('5');
    await page.selectOption('#key-filter', key.id);
    await page.waitForFunction(() => document.querySelector('[data-kpi=requests] .value')?.textContent === '5');
    expect(await page.isHidden('#recent-card')).toBe(true);
    await screenshot(page, 'dashboard-admin');
    expect(browser.errors).toEqual([]);
  });

  it('says clearly when a key is wrong, and stays on the sign-in page', async () => {
    const { page } = browser;
    await page.click('#sign-out');
    await page.fill('#key', 'sb-not-a-real-key');
    await page.click('#signin-submit');
    const message = page.locator('#signin-error');
    await message.waitFor({ state: 'visible' });
    expect(await message.textContent()).toContain('That key was not accepted: Invalid gateway key.');
    expect(await page.isHidden('#dashboard')).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('switchboard.key'))).toBeNull();
    await screenshot(page, 'dashboard-wrong-key');
  });

  it('renders in the dark theme too', async () => {
    const dark = await openBrowser('dark');
    try {
      await signIn(dark.page, gatewayUrl, '/dashboard/', key.key);
      await dark.page.waitForSelector('body[data-state=ready]');
      expect(await dark.page.getAttribute('html', 'data-theme')).toBe('dark');
      await screenshot(dark.page, 'dashboard-dark');
      expect(dark.errors).toEqual([]);
    } finally {
      await dark.close();
    }
  });
});
