/** Ranges of two days or less draw every chart per hour, from `GET /v1/usage?group_by=hour`. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, createKey, eventually, type OpenBrowser, openBrowser, screenshot, signIn } from './browser';

const gatewayUrl = inject('browserGatewayUrl');
let browser: OpenBrowser;
let key: { id: string; key: string };

beforeAll(async () => {
  key = await createKey(gatewayUrl, `hourly-browser-${crypto.randomUUID().slice(0, 8)}`);
  for (const content of ['one', 'two']) {
    const response = await fetch(`${gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content }] }),
    });
    expect(response.status).toBe(200);
    await response.text();
  }
  await eventually(async () => (await api<{ totals: { requests: number } }>(gatewayUrl, '/v1/usage', key.key)).totals.requests === 2);
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('dashboard: hourly charts', () => {
  it('draws every hour of the last two days so far, this hour holding the requests', async () => {
    const { page } = browser;
    await signIn(page, gatewayUrl, '/dashboard/', key.key);
    await page.waitForSelector('body[data-state=ready]');
    await page.selectOption('#range', '2');
    const now = new Date();
    const thisHour = `${now.toISOString().slice(0, 13)}:00Z`;
    const bar = page.locator(`#chart-requests g[data-label="${thisHour}"]`);
    await bar.waitFor();
    expect(await bar.locator('title').textContent()).toContain('Succeeded: 2');
    // Yesterday's 24 hours and today's up to this one, quiet hours at zero.
    expect(await page.locator('#chart-requests g[data-label]').count()).toBe(24 + now.getUTCHours() + 1);
    expect(await page.locator(`#chart-tokens g[data-label="${thisHour}"]`).count()).toBe(1);
    expect(await page.locator(`#chart-cost g[data-label="${thisHour}"]`).count()).toBe(1);
    expect(await page.locator(`#chart-latency g[data-label="${thisHour}"]`).count()).toBe(1);
    expect(await page.textContent('#chart-requests >> xpath=..')).toContain('Requests per hour');
    expect(await page.textContent('[data-kpi=requests] .value')).toBe('2');
    await screenshot(page, 'dashboard-hourly');
    // Back to a long range: per day again.
    await page.selectOption('#range', '7');
    await page.locator(`#chart-requests g[data-label="${thisHour.slice(0, 10)}"]`).waitFor();
    expect(await page.textContent('#chart-requests >> xpath=..')).toContain('Requests per day');
    expect(browser.errors).toEqual([]);
  });
});
