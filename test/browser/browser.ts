/** Chromium for the browser tests (Debian's, driven by playwright-core), and gateway helpers. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { vi } from 'vitest';
import { DEV_ADMIN_TOKEN } from '../../scripts/local-gateway.mjs';

export const ADMIN_TOKEN = DEV_ADMIN_TOKEN;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Screenshots land here (gitignored) so a person can look at what the tests saw. */
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'browser');

export interface OpenBrowser {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page: a test expects none. */
  errors: string[];
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile (so no state leaks between files). */
export async function openBrowser(colorScheme: 'light' | 'dark' = 'light'): Promise<OpenBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'switchboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1360, height: 900 },
    colorScheme,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The whole page, or only the viewport (`fullPage: false`) when a fixed overlay such as the log panel is open. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  // Park the mouse so no hover highlight lands in the picture.
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

export async function signIn(page: Page, baseUrl: string, path: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.fill('#key', key);
  await page.click('#signin-submit');
}

export async function api<T>(baseUrl: string, path: string, key: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A new gateway key with limits and the response cache on, so its usage is this test's alone. */
export async function createKey(baseUrl: string, name: string): Promise<{ id: string; key: string }> {
  return api(baseUrl, '/admin/keys', ADMIN_TOKEN, {
    json: {
      name,
      limits: { requestsPerMinute: 120, tokensPerMinute: 100_000, maxConcurrent: 8, budgetUsd: 5, budgetPeriod: 'month' },
      cache: { mode: 'on' },
    },
  });
}

/** Wait (polling the API, never sleeping blindly) until `check` holds. */
export function eventually<T>(check: () => Promise<T | undefined | false>, timeout = 30_000): Promise<T> {
  return vi.waitUntil(check, { timeout, interval: 200 }) as Promise<T>;
}
