/**
 * The playground in a real browser against `wrangler dev`: a reply streams in token by token
 * (several DOM updates before the end), with usage and the gateway's cache status.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_TOKEN, createKey, type OpenBrowser, openBrowser, screenshot, signIn } from './browser';

const gatewayUrl = inject('browserGatewayUrl');
let browser: OpenBrowser;
let key: { id: string; key: string };

beforeAll(async () => {
  key = await createKey(gatewayUrl, `playground-browser-${crypto.randomUUID().slice(0, 8)}`);
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Record the answer's text at every DOM change, from inside the page. */
async function recordAnswer(page: Page): Promise<void> {
  await page.evaluate(() => {
    const answer = document.getElementById('answer') as HTMLElement;
    const seen: string[] = [];
    (window as unknown as { answerSnapshots: string[] }).answerSnapshots = seen;
    new MutationObserver(() => {
      if (answer.textContent && answer.textContent !== seen.at(-1)) seen.push(answer.textContent);
    }).observe(answer, { childList: true, characterData: true, subtree: true });
  });
}

describe('playground', () => {
  it('lists the catalog’s models and streams a reply token by token, with usage and cache status', async () => {
    const { page } = browser;
    await signIn(page, gatewayUrl, '/playground/', key.key);
    await page.waitForSelector('#playground:not([hidden])');
    await page.waitForFunction(() => document.querySelectorAll('#models option').length > 0);
    expect(await page.locator('#models option[value="openai/gpt-4o-mini"]').count()).toBe(1);
    // A paced stream (the fake upstream waits 30 ms between events), so the page renders each delta.
    await page.fill('#model', 'openai/gpt-4o-mini@chunk-ms=30');
    await recordAnswer(page);
    await page.click('#send');
    await page.waitForFunction(() => Number((document.getElementById('answer') as HTMLElement).dataset.chunks ?? 0) >= 3);
    expect(await page.getAttribute('#answer', 'data-state')).toBe('streaming');
    await screenshot(page, 'playground-streaming');
    await page.waitForSelector('#answer[data-state=done]');
    const snapshots = await page.evaluate(() => (window as unknown as { answerSnapshots: string[] }).answerSnapshots);
    const final = (await page.textContent('#answer')) ?? '';
    expect(final.length).toBeGreaterThan(0);
    expect(snapshots.length).toBeGreaterThanOrEqual(5);
    expect(snapshots.at(-1)).toBe(final);
    for (const [index, snapshot] of snapshots.entries()) {
      expect(final.startsWith(snapshot)).toBe(true);
      if (index > 0) expect(snapshot.length).toBeGreaterThan(snapshots[index - 1]?.length ?? 0);
    }
    // The key has the response cache on: a new request is a miss (and fills the cache).
    expect(await page.textContent('[data-stat=cache]')).toBe('Cache MISS');
    expect(await page.textContent('[data-stat=total-tokens]')).toMatch(/^Total \d+$/);
    expect(await page.textContent('[data-stat=request]')).toMatch(/^req_[0-9a-f]{32}$/);
    await screenshot(page, 'playground-done');
    expect(browser.errors).toEqual([]);
  });

  it('shows a cache hit when the same request is sent again', async () => {
    const { page } = browser;
    await page.fill('#model', 'openai/gpt-4o-mini');
    await page.fill('#prompt', `Say hello to ${crypto.randomUUID()}`);
    await page.uncheck('#stream');
    const cacheStatus = async () => {
      await page.click('#send');
      await page.waitForSelector('#answer[data-state=done]');
      return page.textContent('[data-stat=cache]');
    };
    expect(await cacheStatus()).toBe('Cache MISS');
    expect(await cacheStatus()).toBe('Cache HIT');
    expect(await page.textContent('[data-stat=total-tokens]')).toMatch(/^Total \d+$/);
  });

  it('shows the gateway’s error when a request fails', async () => {
    const { page } = browser;
    // The fake upstream answers this model with OpenAI's recorded 400 (context length exceeded).
    await page.fill('#model', 'openai/gpt-4o-mini@status=400');
    await page.click('#send');
    await page.waitForSelector('#answer[data-state=error]');
    expect(await page.isVisible('#chat-error')).toBe(true);
    expect(await page.textContent('#chat-error')).toContain('maximum context length');
    await screenshot(page, 'playground-error');
  });

  it('refuses the admin token with a sentence that says what to use instead', async () => {
    const { page } = browser;
    await page.click('#sign-out');
    await page.fill('#key', ADMIN_TOKEN);
    await page.click('#signin-submit');
    await page.locator('#signin-error').waitFor({ state: 'visible' });
    expect(await page.textContent('#signin-error')).toContain('Sign in with a gateway key');
    expect(browser.errors).toEqual([]);
  });
});
