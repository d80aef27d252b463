/**
 * The dashboard's accounting extras in a real browser against `wrangler dev`: the "Download
 * PDF" button saves `GET /v1/usage?format=pdf` for the range and key on screen (a PDF that
 * pdf-lib opens, titled with that period and key), and the dead-letter counter shows
 * `dead_lettered_events` from `/v1/usage`, flagged when it is not 0.
 */
import { readFile } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_TOKEN, api, createKey, eventually, type OpenBrowser, openBrowser, signIn } from './browser';

const gatewayUrl = inject('browserGatewayUrl');
const DAY_MS = 86_400_000;
const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);
const today = utcDay(Date.now());
let browser: OpenBrowser;
let key: { id: string; key: string };

beforeAll(async () => {
  key = await createKey(gatewayUrl, `report-browser-${crypto.randomUUID().slice(0, 8)}`);
  const response = await fetch(`${gatewayUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'For the report' }] }),
  });
  expect(response.status).toBe(200);
  await response.text();
  await eventually(async () => (await api<{ totals: { requests: number } }>(gatewayUrl, '/v1/usage', key.key)).totals.requests === 1);
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function downloadPdf() {
  const { page } = browser;
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-pdf')]);
  const path = await download.path();
  const bytes = await readFile(path);
  return { name: download.suggestedFilename(), bytes, pdf: await PDFDocument.load(bytes) };
}

describe('dashboard: the PDF report button', () => {
  it('a gateway key downloads its own report for the range on screen', async () => {
    const { page } = browser;
    await signIn(page, gatewayUrl, '/dashboard/', key.key);
    await page.waitForSelector('body[data-state=ready]');
    const from = utcDay(Date.now() - 29 * DAY_MS); // the default range: the last 30 days
    const { name, bytes, pdf } = await downloadPdf();
    expect(name).toBe(`switchboard-usage-${from}-${today}.pdf`);
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe(`Switchboard usage - key ${key.id} - ${from} to ${today}`);
    expect(await page.isHidden('#load-error')).toBe(true);
    expect(browser.errors).toEqual([]);
  });

  it('the admin downloads the report of the key and range selected', async () => {
    const { page } = browser;
    await page.click('#sign-out');
    await signIn(page, gatewayUrl, '/dashboard/', ADMIN_TOKEN);
    await page.waitForSelector('body[data-state=ready]');
    await page.selectOption('#key-filter', key.id);
    await page.waitForSelector('body[data-state=ready]');
    await page.selectOption('#range', '7');
    await page.waitForSelector('body[data-state=ready]');
    const from = utcDay(Date.now() - 6 * DAY_MS);
    const { name, pdf } = await downloadPdf();
    expect(name).toBe(`switchboard-usage-${from}-${today}-${key.id}.pdf`);
    expect(pdf.getTitle()).toBe(`Switchboard usage - key ${key.id} - ${from} to ${today}`);
    expect(browser.errors).toEqual([]);
  });
});

describe('dashboard: the dead-letter counter', () => {
  it('shows dead_lettered_events from /v1/usage: 0 plainly, more flagged', async () => {
    const { page } = browser;
    await page.click('#sign-out');
    await signIn(page, gatewayUrl, '/dashboard/', key.key);
    await page.waitForSelector('body[data-state=ready]');
    const tile = page.locator('[data-kpi=dead-letters]');
    const real = await api<{ dead_lettered_events: number }>(gatewayUrl, '/v1/usage', key.key);
    expect(real.dead_lettered_events).toBe(0);
    expect(await tile.locator('.value').textContent()).toBe('0');
    expect(await tile.locator('.detail').textContent()).toBe('accounting lost nothing');
    expect(await tile.getAttribute('class')).not.toContain('warn');

    // The gateway's own answer with events lost (producing a real dead letter needs a ledger that
    // refuses writes; the count itself is tested in workerd): the tile reads it and warns.
    await page.route(/\/v1\/usage\?/, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: { ...body, dead_lettered_events: 3 } });
    });
    await page.click('#refresh');
    await eventually(async () => (await tile.locator('.value').textContent()) === '3', 10_000);
    expect(await tile.getAttribute('class')).toContain('warn');
    expect(await tile.locator('.detail').textContent()).toContain('dead-lettered');
    await page.unroute(/\/v1\/usage\?/);
    expect(browser.errors).toEqual([]);
  });
});
