// What `npm run dev` runs with: its flags, the settings it takes from .dev.vars and the
// environment (everything except provider keys and base URLs, which point at the fake upstream),
// and the ports it needs, checked before anything starts. Pure helpers, tested in test/scripts/.
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';

export const DEFAULT_PORT = 8787;
export const DEFAULT_UPSTREAM_PORT = 8788;
export const DEFAULT_STATE_DIR = '.wrangler/state';

/** `npm run dev -- --fresh --port 8790 --upstream-port 8791 --vars other.vars --state dir`. */
export function devOptions(argv, env) {
  const { values } = parseArgs({
    args: argv,
    options: {
      fresh: { type: 'boolean', default: false },
      port: { type: 'string' },
      'upstream-port': { type: 'string' },
      vars: { type: 'string', default: '.dev.vars' },
      state: { type: 'string', default: DEFAULT_STATE_DIR },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    fresh: values.fresh,
    help: values.help,
    port: portOf(values.port ?? env.PORT, DEFAULT_PORT, values.port ? '--port' : 'PORT'),
    upstreamPort: portOf(
      values['upstream-port'] ?? env.FAKE_UPSTREAM_PORT,
      DEFAULT_UPSTREAM_PORT,
      values['upstream-port'] ? '--upstream-port' : 'FAKE_UPSTREAM_PORT',
    ),
    varsFile: values.vars,
    stateDir: values.state,
  };
}

function portOf(value, fallback, name) {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`${name} must be a port number (1-65535), not '${value}'.`);
  return port;
}

/** A mistake of the person starting dev: printed as one line, exit code 1, no stack trace. */
export class UsageError extends Error {}

/** Provider credentials and hosts: always the fake upstream's under `npm run dev`. */
export function isProviderSetting(name) {
  return /_API_KEY$|_BASE_URL$|^AZURE_OPENAI_(ENDPOINT|API_VERSION)$/.test(name);
}

/**
 * The settings `npm run dev` applies on top of the fake provider env: every non-empty setting
 * of .dev.vars, then SWITCHBOARD_* variables of the environment (which win), except provider
 * keys and base URLs. `ignored` lists the provider settings of .dev.vars left out.
 */
export function devSettings(devVars, env, varsFile = '.dev.vars') {
  const applied = {};
  const sources = {};
  const ignored = [];
  for (const [name, value] of Object.entries(devVars)) {
    if (value === '') continue;
    if (isProviderSetting(name)) ignored.push(name);
    else [applied[name], sources[name]] = [value, varsFile];
  }
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('SWITCHBOARD_') && value) [applied[name], sources[name]] = [value, 'environment'];
  }
  return { applied, sources, ignored };
}

/** Resolves when the port is free on 127.0.0.1; throws a UsageError naming it and its variable when not. */
export function assertPortFree(port, variable) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error) => {
      if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') return reject(error);
      const why = error.code === 'EADDRINUSE' ? 'is already in use (another `npm run dev`?)' : 'is not allowed';
      reject(new UsageError(`Port ${port} ${why}: set ${variable} to another port, e.g. ${variable}=${port + 10} npm run dev`));
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

const BINDINGS_HEADING = 'Your Worker has access to the following bindings:';
const CF_WARNING = 'Unable to fetch the `Request.cf` object';

/**
 * Wrangler's output as `npm run dev` shows it, line by line: the bindings table once (wrangler
 * prints it again when its dev server connects), and the offline `Request.cf` warning once,
 * without its stack trace. Everything else passes unchanged. Returns `(text) => text to print`.
 */
export function wranglerOutputFilter() {
  let partial = '';
  let tablesSeen = 0;
  let inTable = false;
  let cfWarned = false;
  let inCfTrace = false;
  const keep = (line) => {
    if (line.includes(BINDINGS_HEADING)) {
      tablesSeen++;
      inTable = true;
      return tablesSeen === 1;
    }
    if (inTable) {
      if (line.trim() === '') inTable = false;
      return tablesSeen === 1;
    }
    if (line.includes(CF_WARNING)) {
      inCfTrace = true;
      const first = !cfWarned;
      cfWarned = true;
      return first;
    }
    if (inCfTrace && (/^Error: getaddrinfo/.test(line) || /^\s+at /.test(line))) return false;
    inCfTrace = false;
    return true;
  };
  return (text) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    return lines
      .filter(keep)
      .map((line) => `${line}\n`)
      .join('');
  };
}
