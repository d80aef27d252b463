/**
 * The one collector of fields a request loses on its way to the provider (docs/fidelity.md):
 * what the surface does not know (tolerant-parse.ts) and what the target cannot honour (each
 * adapter's `HttpRequestSpec.dropped`). They are named in `x-switchboard-dropped-params` and in
 * the archive record; a strict caller (`x-switchboard-strict: true`, or a key with
 * `strict: true`) gets a 400 naming the first one instead, before any upstream call.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../http/context';
import { GatewayError } from '../http/errors';
import { addResponseHeaders } from '../http/response-headers';

export const DROPPED_PARAMS_HEADER = 'x-switchboard-dropped-params';
export const STRICT_HEADER = 'x-switchboard-strict';

/** Longest header value; a body with more drops than this is named in full in the archive. */
const MAX_HEADER_CHARS = 4000;

export class FidelityReport {
  readonly strict: boolean;
  /** Unknown to the surface: lost whatever the target. */
  readonly surface: string[] = [];
  /** Lost by each target tried (`provider/model`), so only the serving target's drops are named. */
  readonly #targets = new Map<string, string[]>();
  #served: string | undefined;

  constructor(strict: boolean) {
    this.strict = strict;
  }

  /** Fields the surface could not read; a strict caller is refused. */
  surfaceDropped(paths: string[], refuse: (path: string) => GatewayError): void {
    const [first] = paths;
    if (first !== undefined && this.strict) throw refuse(first);
    this.surface.push(...paths);
  }

  /** Fields a target cannot honour, reported by its adapter before the request is sent. */
  targetDropped(target: { provider: string; model: string }, paths: string[] | undefined): void {
    if (!paths?.length) return;
    const [first] = paths;
    if (first !== undefined && this.strict) throw strictRefusal(first, `${target.provider}/${target.model}`);
    this.#targets.set(`${target.provider}/${target.model}`, paths);
  }

  served(target: { provider: string; model: string } | undefined): void {
    this.#served = target ? `${target.provider}/${target.model}` : undefined;
  }

  /**
   * Every field dropped for the response the caller gets, surface first, without repeats. On the
   * same-dialect lane (`forwarded`) the client's body went as written: only the target's own
   * edits (e.g. a reasoning model's sampling parameters) dropped anything.
   */
  list(forwarded = false): string[] {
    const fromTarget = this.#served ? (this.#targets.get(this.#served) ?? []) : [];
    return [...new Set([...(forwarded ? [] : this.surface), ...fromTarget])];
  }
}

export function strictRefusal(path: string, target?: string): GatewayError {
  const where = target ? ` by '${target}'` : '';
  return new GatewayError(
    'invalid_request',
    `'${path}' is not supported${where} and would be dropped; this request asked for strictness (${STRICT_HEADER}).`,
    { param: path, code: 'unsupported_parameter' },
  );
}

const reports = new WeakMap<Request, FidelityReport>();

/** This request's report, created on first use from the strict header and the key's setting. */
export function fidelityFor(c: Context<AppEnv>): FidelityReport {
  let report = reports.get(c.req.raw);
  if (!report) {
    const header = c.req.header(STRICT_HEADER)?.trim().toLowerCase();
    // A key's strictness is the operator's policy: a caller can add strictness, never remove it.
    const strict = header === 'true' || header === '1' || c.get('key')?.strict === true;
    report = new FidelityReport(strict);
    reports.set(c.req.raw, report);
  }
  return report;
}

/** Name the drops on the response; returns the list for the request record. */
export function announceDropped(c: Context<AppEnv>, served?: { provider: string; model: string }, forwarded = false): string[] | undefined {
  const report = reports.get(c.req.raw);
  if (!report) return undefined;
  report.served(served);
  const dropped = report.list(forwarded);
  if (dropped.length === 0) return undefined;
  let value = '';
  for (const path of dropped) {
    const next = value ? `${value},${path}` : path;
    if (next.length > MAX_HEADER_CHARS) break;
    value = next;
  }
  addResponseHeaders(c, { [DROPPED_PARAMS_HEADER]: value });
  return dropped;
}
