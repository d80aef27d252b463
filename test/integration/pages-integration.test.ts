/**
 * The dashboard's static pages: served from Workers assets without a key, on an explicit
 * allow-list only; every API route still needs a credential.
 */
import { describe, expect, it } from 'vitest';
import { callWorker, envWith } from '../support/worker';

describe('dashboard and playground pages', () => {
  it('serves the pages and their scripts without a key, with a strict content security policy', async () => {
    for (const [path, type] of [
      ['/dashboard/', 'text/html'],
      ['/playground/', 'text/html'],
      ['/static/dashboard.js', 'javascript'],
      ['/static/app.css', 'text/css'],
    ] as const) {
      const { response } = await callWorker(path, { key: null });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toContain(type);
      expect(response.headers.get('content-security-policy'), path).toContain("connect-src 'self'");
      expect(response.headers.get('x-request-id'), path).toMatch(/^req_/);
    }
    const page = await (await callWorker('/dashboard/', { key: null })).response.text();
    expect(page).toContain('Sign in to Switchboard');
  });

  it('sends a browser opening the root to the sign-in page', async () => {
    const { response } = await callWorker('/', { key: null });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/dashboard/');
  });

  it('answers nothing else without a key: API routes, look-alike paths and other methods get 401', async () => {
    for (const [method, path] of [
      ['GET', '/v1/models'],
      ['GET', '/v1/usage'],
      ['GET', '/health'],
      ['GET', '/admin/keys'],
      ['GET', '/dashboards'],
      ['GET', '/staticfile.js'],
      ['POST', '/dashboard/'],
    ] as const) {
      const { response } = await callWorker(path, { key: null, method });
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });

  it('falls through to authentication when the runtime has no ASSETS binding', async () => {
    const { response } = await callWorker('/dashboard/', { key: null, env: envWith({ ASSETS: undefined }) });
    expect(response.status).toBe(401);
  });
});
