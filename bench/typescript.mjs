// Loads parts of the gateway's TypeScript into Node for in-process benchmarks: esbuild bundles
// the named exports (one ESM module, nothing written to disk) and Node imports it from a data URL.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `exports` maps a source file (relative to the repository root, without extension) to the
 * names it should export, e.g. `{ 'src/lib/sse': ['createSseReader'] }`.
 */
export async function importGatewayModules(exports) {
  const contents = Object.entries(exports)
    .map(([file, names]) => `export { ${names.join(', ')} } from './${file}';`)
    .join('\n');
  const { outputFiles } = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
  });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}
