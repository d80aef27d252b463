import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startLocalGateway } from '../../scripts/local-gateway.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    browserGatewayUrl: string;
    /** A second origin serving examples/browser-fetch.html, for CORS from a real page. */
    browserOtherOriginUrl: string;
  }
}

/** A tiny static server on another port: a different origin from the gateway. */
async function startOtherOrigin() {
  const page = await readFile(new URL('../../examples/browser-fetch.html', import.meta.url));
  const server = createServer((request, response) => {
    if (request.url !== '/') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** One `wrangler dev` (real workerd, local bindings, static assets) against the fake upstream, and the other origin. */
export default async function setup(project: TestProject) {
  const local = await startLocalGateway({});
  const other = await startOtherOrigin();
  project.provide('browserGatewayUrl', local.url);
  project.provide('browserOtherOriginUrl', other.url);
  return async () => {
    await other.close();
    await local.stop();
  };
}
