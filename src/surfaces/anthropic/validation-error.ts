/**
 * Validation errors in Anthropic's wording, so `/v1/messages` callers read what the Anthropic
 * API itself would say: `messages.0.content: Field required`, `max_tokens: Input should be a
 * valid integer`, type `invalid_request_error`. The path notation is Anthropic's (dots, indexes).
 */
import { GatewayError } from '../../lib/http/errors';
import type * as z from '../../lib/zod';

const typeNames: Record<string, string> = {
  string: 'a valid string',
  number: 'a valid number',
  int: 'a valid integer',
  boolean: 'a valid boolean',
  array: 'a valid list',
  object: 'a valid dictionary',
  record: 'a valid dictionary',
};

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return 'Field required';
      return `Input should be ${typeNames[issue.expected] ?? `a valid ${issue.expected}`}`;
    case 'unrecognized_keys':
      return 'Extra inputs are not permitted';
    case 'too_small':
      if (issue.origin === 'array')
        return `List should have at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'} after validation`;
      if (issue.origin === 'string')
        return `String should have at least ${issue.minimum} character${Number(issue.minimum) === 1 ? '' : 's'}`;
      return `Input should be greater than${issue.inclusive ? ' or equal to' : ''} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `List should have at most ${issue.maximum} items after validation`;
      if (issue.origin === 'string') return `String should have at most ${issue.maximum} characters`;
      return `Input should be less than${issue.inclusive ? ' or equal to' : ''} ${issue.maximum}`;
    case 'invalid_value':
      return `Input should be ${issue.values.map((value) => `'${String(value)}'`).join(' or ')}`;
    case 'invalid_union': {
      const missing = issue.errors.length > 0 && issue.errors.every((branch) => /received undefined$/.test(branch[0]?.message ?? ''));
      if (missing) return 'Field required';
      const { note, options } = issue as { note?: string; options?: unknown[] };
      if (note !== 'No matching discriminator') return 'Input does not match any of the accepted shapes';
      return `Input tag does not match any of the expected tags: ${(options ?? []).map((tag) => `'${String(tag)}'`).join(', ')}`;
    }
    default:
      return issue.message;
  }
}

/** A failed union reports its most specific branch, as the OpenAI wording does (validation.ts). */
function deepest(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  let best: z.core.$ZodIssue | undefined;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first && first.path.length > 0 && (!best || first.path.length > best.path.length)) best = first;
  }
  return best ? deepest({ ...best, path: [...issue.path, ...best.path] }) : issue;
}

export function anthropicValidationError(found: z.core.$ZodIssue): GatewayError {
  const issue = deepest(found);
  const path = issue.path.map(String);
  const field = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''].join('.') : path.join('.');
  const message = field ? `${field}: ${describe(issue)}` : describe(issue);
  return new GatewayError('invalid_request', message, {
    param: field || null,
    code: issue.code === 'invalid_type' ? 'invalid_type' : 'invalid_value',
  });
}

/** A strict caller's refusal of a field the gateway would otherwise drop, in Anthropic's words. */
export function anthropicStrictRefusal(path: string): GatewayError {
  return new GatewayError('invalid_request', `${path}: Extra inputs are not permitted`, { param: path, code: 'unsupported_parameter' });
}
