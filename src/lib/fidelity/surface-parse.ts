/**
 * A surface's request body through the fidelity rule: parsed by its schema with unknown fields
 * removed (tolerant-parse.ts), a real mistake thrown as the surface's 400, and the removed
 * fields sorted into the ones to name and the ones to ignore.
 *
 * Ignored without naming: anything inside an `assistant` turn of `messages`. That is history a
 * client copies back from an earlier response (annotations, refusal, audio, ids, a provider's
 * response-only blocks); it instructs nothing, so it is neither named nor refused when strict.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../http/context';
import type { GatewayError } from '../http/errors';
import { issueToError } from '../http/validation';
import type * as z from '../zod';
import { fidelityFor, strictRefusal } from './dropped-params';
import { type IssuePath, parseTolerant, pathToString } from './tolerant-parse';

export interface SurfaceParseOptions {
  /** The surface's wording of a validation error (default: OpenAI's). */
  toError?: (issue: z.core.$ZodIssue) => GatewayError;
  /** The surface's wording of a strict refusal (default: the gateway's). */
  refuse?: (path: string) => GatewayError;
}

function isEchoedHistory(body: unknown, path: IssuePath): boolean {
  const [root, index] = path;
  if (root !== 'messages' || typeof index !== 'number' || path.length < 3) return false;
  const messages = (body as { messages?: unknown }).messages;
  const message = Array.isArray(messages) ? messages[index] : undefined;
  return (message as { role?: unknown } | undefined)?.role === 'assistant';
}

/** Validate `body` for the surface; returns the parsed request, drops recorded on the request's report. */
export function parseSurfaceRequest<T extends z.ZodMiniType>(
  c: Context<AppEnv>,
  schema: T,
  body: unknown,
  options: SurfaceParseOptions = {},
): z.infer<T> {
  const parsed = parseTolerant(schema, body);
  if (!parsed.ok) throw (options.toError ?? issueToError)(parsed.issue);
  const named = parsed.dropped.filter((path) => !isEchoedHistory(body, path)).map(pathToString);
  fidelityFor(c).surfaceDropped(named, options.refuse ?? ((path) => strictRefusal(path)));
  return parsed.data;
}
