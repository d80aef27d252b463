/**
 * zod at the trust boundary, through one wrapper: every validation failure becomes the
 * gateway's own 400 (never zod's raw result as the body), with the field at fault as `param`.
 * Route middleware built on it (query, params, admin bodies) is in route-validation.ts.
 */
import type * as z from '../zod';
import { GatewayError } from './errors';
import { checkJsonText, checkJsonValue } from './input-hardening';

/**
 * A failed union (`string | Block[]`) says only "Invalid input" at the union. When one branch
 * got further than the others (its first issue lies deeper), that branch's issue is the one
 * that explains the mistake: report it, at its full path.
 */
function deepestUnionIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  let best: z.core.$ZodIssue | undefined;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first && first.path.length > 0 && (!best || first.path.length > best.path.length)) best = first;
  }
  return best ? deepestUnionIssue({ ...best, path: [...issue.path, ...best.path] }) : issue;
}

export function issueToError(found: z.core.$ZodIssue | undefined): GatewayError {
  if (!found) return new GatewayError('invalid_request', 'Invalid request.');
  const issue = deepestUnionIssue(found);
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => [...path, key].join('.'));
    return new GatewayError('invalid_request', `Unrecognized request argument supplied: ${keys.join(', ')}`, {
      param: keys[0] ?? null,
      code: 'unknown_parameter',
    });
  }
  const param = path.join('.') || null;
  let detail = issue.message;
  if (issue.code === 'too_big' || issue.code === 'too_small') {
    detail = `${issue.message}${param ? ` (got an out-of-range value for ${param})` : ''}`;
  }
  return new GatewayError('invalid_request', param ? `Invalid value for '${param}': ${detail}` : detail, {
    param,
    code: issue.code === 'invalid_type' ? 'invalid_type' : 'invalid_value',
  });
}

/** Parse and validate, throwing the gateway's 400. */
export function validate<T extends z.ZodMiniType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw issueToError(parsed.error.issues[0]);
  return parsed.data;
}

/** Raw body text of requests read by `readJson`, for the archive (gone with the request). */
const bodies = new WeakMap<Request, string>();

export function rawBodyOf(request: Request): string | undefined {
  return bodies.get(request);
}

/** Read a JSON body; malformed JSON is a 400, not a 500. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  bodies.set(request, text);
  if (text.trim() === '')
    throw new GatewayError('invalid_request', 'The request body is empty; a JSON object was expected.', { code: 'invalid_json' });
  checkJsonText(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GatewayError('invalid_request', 'The request body is not valid JSON.', { code: 'invalid_json' });
  }
  checkJsonValue(value);
  return value;
}
