/**
 * Test-only: the modules the Worker loads with `import()` on first use (src/cold-paths.ts, the
 * Durable Objects' implementations) are imported here, before any test. In the deployed Worker
 * they are modules of the upload, instantiated without I/O; under vitest-pool-workers an
 * `import()` is fetched from Vite, and a fetch started by one Durable Object cannot be awaited by
 * another in the same isolate ("Cannot perform I/O on behalf of a different Durable Object"), so two
 * objects starting together would stall in blockConcurrencyWhile. Loaded here, both find it cached.
 */
import '../../src/cold-paths';
import '../../src/durable-objects/stores';
