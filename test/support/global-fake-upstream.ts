import type { TestProject } from 'vitest/node';
import { quietRuntimeNoise } from './quiet-runtime';

declare module 'vitest' {
  export interface ProvidedContext {
    fakeUpstreamUrl: string;
  }
}

/**
 * Starts the fake upstream (a real HTTP server replaying recorded traffic) for the worker tests,
 * and drops workerd's expected connection noise from the output (quiet-runtime.ts).
 */
export default async function setup(project: TestProject) {
  const restoreOutput = quietRuntimeNoise();
  const { startFakeUpstream } = await import('../fake-upstream/server.mjs');
  const upstream = await startFakeUpstream({ port: 0 });
  project.provide('fakeUpstreamUrl', upstream.url);
  return async () => {
    await upstream.close();
    restoreOutput();
  };
}
