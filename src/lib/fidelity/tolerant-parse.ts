/**
 * The fidelity rule applied to a public request body (docs/fidelity.md): strict about what the
 * gateway interprets, tolerant of everything else.
 *
 * The surface's zod schema describes only the fields the gateway reads, as strict objects. Any
 * issue zod reports is then one of two things:
 * - something the gateway does not know: a key the schema does not declare, or an array element
 *   whose `type` names a kind it does not know. It is removed from the body and reported as a
 *   drop (its path), and the body is parsed again;
 * - a known field with a value the gateway cannot interpret (wrong type, out of range, missing):
 *   the caller's mistake, returned as the issue for a 400.
 *
 * No field names are listed here: which fields are interpreted is the schema's business alone.
 */
import type * as z from '../zod';

export type IssuePath = (string | number)[];

export type TolerantParse<T> = { ok: true; data: T; dropped: IssuePath[] } | { ok: false; issue: z.core.$ZodIssue };

/** Unknown-key and unknown-kind removals needed to make one issue go away, or undefined if it is a real error. */
function removals(issue: z.core.$ZodIssue, prefix: IssuePath): IssuePath[] | undefined {
  const path = [...prefix, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))];
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => [...path, key]);
  if (isUnknownKind(issue, path)) return [path.slice(0, -1)];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return undefined;
  // A union (`string | Part[]`): the branch whose only complaints are unknown things is the one meant.
  for (const branch of issue.errors) {
    const found = removalsFor(branch, path);
    if (found.ok && found.paths.length > 0) return found.paths;
  }
  return undefined;
}

/**
 * Removals for a list of issues, or the first real error. An element of an unknown kind is
 * removed whole, so the other complaints about it (a field its kind does not have) do not count.
 */
function removalsFor(
  issues: z.core.$ZodIssue[],
  prefix: IssuePath,
): { ok: true; paths: IssuePath[] } | { ok: false; issue: z.core.$ZodIssue } {
  const paths: IssuePath[] = [];
  const failed: { issue: z.core.$ZodIssue; path: IssuePath }[] = [];
  for (const issue of issues) {
    const found = removals(issue, prefix);
    if (found) paths.push(...found);
    else failed.push({ issue, path: [...prefix, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))] });
  }
  const wholeElements = paths.filter((path) => typeof path.at(-1) === 'number');
  const real = failed.find(({ path }) => !wholeElements.some((element) => element.every((part, index) => path[index] === part)));
  if (real) return { ok: false, issue: real.issue };
  // Keys inside a removed element need no removal of their own.
  const kept = paths.filter(
    (path) => !wholeElements.some((element) => element.length < path.length && element.every((part, index) => path[index] === part)),
  );
  return { ok: true, paths: kept };
}

/** An array element tagged with a `type` the schema does not know (a new block, part or tool kind). */
function isUnknownKind(issue: z.core.$ZodIssue, path: IssuePath): boolean {
  const last = path.at(-1);
  const owner = path.at(-2);
  if (last !== 'type' || typeof owner !== 'number') return false;
  if (issue.code === 'invalid_union') return issue.errors.length === 0 && (issue as { note?: string }).note === 'No matching discriminator';
  return issue.code === 'invalid_value';
}

function remove(body: unknown, path: IssuePath): void {
  let node: unknown = body;
  for (const part of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string | number, unknown>)[part];
  }
  const last = path.at(-1);
  if (Array.isArray(node) && typeof last === 'number') node[last] = REMOVED;
  else if (node !== null && typeof node === 'object' && last !== undefined) delete (node as Record<string | number, unknown>)[last];
}

/** Placeholder for a removed array element until the pass ends, so later paths keep their indexes. */
const REMOVED = Symbol('removed');

function compact(node: unknown): void {
  if (Array.isArray(node)) {
    for (let index = node.length - 1; index >= 0; index--) if (node[index] === REMOVED) node.splice(index, 1);
    for (const item of node) compact(item);
  } else if (node !== null && typeof node === 'object') {
    for (const value of Object.values(node)) compact(value);
  }
}

/** More passes than any real body needs: each pass removes at least one thing or stops. */
const MAX_PASSES = 16;

/**
 * Parse `body` with `schema`, removing what the schema does not know from a copy (the caller's
 * value stays as it arrived: the same-dialect lane forwards it as written; the copy is made only
 * when something must be removed). Paths of removed array elements after the first pass are relative to the
 * body as it was after the earlier removals (rare: one pass normally finds everything).
 */
export function parseTolerant<T extends z.ZodMiniType>(schema: T, body: unknown): TolerantParse<z.infer<T>> {
  const dropped: IssuePath[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const parsed = schema.safeParse(body);
    if (parsed.success) return { ok: true, data: parsed.data, dropped };
    const result = removalsFor(parsed.error.issues, []);
    if (!result.ok) return { ok: false, issue: result.issue };
    const found = result.paths;
    if (found.length === 0) return { ok: false, issue: parsed.error.issues[0] as z.core.$ZodIssue };
    if (pass === 0) body = structuredClone(body);
    for (const path of found) remove(body, path);
    compact(body);
    dropped.push(...found);
  }
  const last = schema.safeParse(body);
  if (last.success) return { ok: true, data: last.data, dropped };
  const [issue] = last.error.issues;
  return issue ? { ok: false, issue } : { ok: true, data: body as z.infer<T>, dropped };
}

/** `messages.2.content.0.annotations`: the notation of the gateway's `param` on errors. */
export function pathToString(path: IssuePath): string {
  return path.join('.');
}
