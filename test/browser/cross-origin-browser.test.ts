/**
 * CORS and streaming from a real browser page on another origin (a second local port serving
 * examples/browser-fetch.html): the preflighted POST succeeds, the stream renders as it
 * arrives, and the exposed `x-switchboard-*` headers are readable.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type OpenBrowser, openBrowser, screenshot } from './browser';

const gatewayUrl = inject('browserGatewayUrl');
const pageUrl = inject('browserOtherOriginUrl');
let browser: OpenBrowser;

beforeAll(async () => {
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('browser fetch from another origin', () => {
  it('streams a chat completion across origins and reads the exposed gateway headers', async () => {
    const { page } = browser;
    expect(new URL(pageUrl).origin).not.toBe(new URL(gatewayUrl).origin);
    await page.goto(pageUrl);
    await page.fill('#url', gatewayUrl);
    await page.fill('#key', 'sb-dev-key-1');
    await page.fill('#model', 'openai/gpt-4o-mini@chunk-ms=30');
    await page.evaluate(() => {
      const output = document.getElementById('output') as HTMLElement;
      const seen: string[] = [];
      (window as unknown as { outputSnapshots: string[] }).outputSnapshots = seen;
      new MutationObserver(() => seen.push(output.textContent ?? '')).observe(output, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await page.click('#send');
    await page.waitForSelector('#output[data-state=done]');
    const snapshots = await page.evaluate(() => (window as unknown as { outputSnapshots: string[] }).outputSnapshots);
    const final = (await page.textContent('#output')) ?? '';
    expect(new Set(snapshots.filter(Boolean)).size).toBeGreaterThanOrEqual(5);
    expect(final).toMatch(/\d/);
    expect(await page.textContent('#facts')).toMatch(/^request req_[0-9a-f]{32} · cache BYPASS · \d+ tokens$/);
    await screenshot(page, 'cross-origin-fetch');
    expect(browser.errors).toEqual([]);
  });
});
