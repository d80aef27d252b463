import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    otlpReceiverUrl: string;
  }
}

/** Starts a loopback OTLP receiver (a stand-in collector) for the worker tests of span export. */
export default async function setup(project: TestProject) {
  const { startOtlpReceiver } = await import('./otlp-receiver.mjs');
  const receiver = await startOtlpReceiver();
  project.provide('otlpReceiverUrl', receiver.url);
  return async () => receiver.close();
}
