import type { TestProject } from 'vitest/node';
import { startLocalGateway } from '../../scripts/local-gateway.mjs';
import { e2eGatewayConfig } from './support/gateway-config';

declare module 'vitest' {
  export interface ProvidedContext {
    gatewayUrl: string;
    e2eUpstreamUrl: string;
  }
}

/** One `wrangler dev` (real workerd, local bindings) against the fake upstream for all e2e files. */
export default async function setup(project: TestProject) {
  const local = await startLocalGateway({ env: { SWITCHBOARD_CONFIG: JSON.stringify(e2eGatewayConfig) } });
  project.provide('gatewayUrl', local.url);
  project.provide('e2eUpstreamUrl', local.upstream.url);
  return async () => local.stop();
}
