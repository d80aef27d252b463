// Validates SWITCHBOARD_CONFIG with the gateway's own zod schema (src/lib/config.ts, loaded into
// Node with esbuild), before anything starts: `npm run dev` calls `checkConfigText`, and
// `npm run deploy` runs this file first (`predeploy`). Run by hand:
//   node scripts/config-check.mjs [config.json]   (else $SWITCHBOARD_CONFIG, else .dev.vars)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { importGatewayModules } from '../bench/typescript.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let gateway;
async function gatewayConfig() {
  gateway ??= await importGatewayModules({
    'src/lib/config': ['loadConfig', 'gatewayConfigSchema'],
    'src/providers/catalog': ['builtInProviders'],
  });
  return gateway;
}

/** The top-level keys SWITCHBOARD_CONFIG accepts (`routes`, `providers`, …). */
export async function configKeys() {
  return Object.keys((await gatewayConfig()).gatewayConfigSchema.shape);
}

/**
 * Every built-in provider configured (a placeholder key and base URL): which providers have
 * credentials is the deployment's business (secrets this check cannot see); a route naming one
 * that is not configured is reported by the running gateway (`GET /health` answers 503).
 */
function everyProviderConfigured(builtInProviders) {
  const env = {};
  for (const definition of Object.values(builtInProviders)) {
    if (definition.apiKeyVar) env[definition.apiKeyVar] = 'placeholder';
    if (definition.baseUrlVar) env[definition.baseUrlVar] = 'https://provider.invalid';
  }
  return env;
}

/**
 * `null` when the JSON text is a valid SWITCHBOARD_CONFIG, else `{ field, message }` exactly as
 * the running gateway would say it (same schema, same cross-section checks).
 */
export async function checkConfigText(text) {
  const { loadConfig, builtInProviders } = await gatewayConfig();
  try {
    loadConfig({ ...everyProviderConfigured(builtInProviders), SWITCHBOARD_CONFIG: text });
    return null;
  } catch (error) {
    if (error?.code !== 'gateway_misconfigured') throw error;
    return { field: error.param ?? 'SWITCHBOARD_CONFIG', message: error.message.replace(/^Gateway misconfigured: /, '') };
  }
}

/** Settings of a dotenv file (`.dev.vars`), as wrangler reads them; `{}` when there is none. */
export function readVarsFile(path) {
  return existsSync(path) ? parseEnv(readFileSync(path, 'utf8')) : {};
}

async function main() {
  const [file] = process.argv.slice(2);
  const devVars = join(root, '.dev.vars');
  let source;
  let text;
  if (file) [source, text] = [file, readFileSync(file, 'utf8')];
  else if (process.env.SWITCHBOARD_CONFIG) [source, text] = ['$SWITCHBOARD_CONFIG', process.env.SWITCHBOARD_CONFIG];
  else if (readVarsFile(devVars).SWITCHBOARD_CONFIG)
    [source, text] = [relative(process.cwd(), devVars), readVarsFile(devVars).SWITCHBOARD_CONFIG];
  if (!text?.trim()) {
    console.log(
      'No SWITCHBOARD_CONFIG to check (none given, none in the environment or .dev.vars). A deployed secret is checked by GET /health.',
    );
    return;
  }
  const problem = await checkConfigText(text);
  if (problem) {
    console.error(`Invalid SWITCHBOARD_CONFIG (${source}): ${problem.message}`);
    process.exitCode = 1;
    return;
  }
  console.log(`SWITCHBOARD_CONFIG (${source}) is valid.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
