import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    fakeUpstreamUrl: string;
  }
}

/** Starts the fake upstream (a real HTTP server replaying recorded traffic) for the worker tests. */
export default async function setup(project: TestProject) {
  const { startFakeUpstream } = await import('../fake-upstream/server.mjs');
  const upstream = await startFakeUpstream({ port: 0 });
  project.provide('fakeUpstreamUrl', upstream.url);
  return async () => upstream.close();
}
