/**
 * OpenAI parameters Gemini has no equivalent for. They are left out of the request and named
 * (the caller sees them in `x-switchboard-dropped-params`, or a 400 when strict; docs/fidelity.md),
 * so a caller who asked for logprobs knows why there are none.
 * Identifiers and hints with no effect on the output (user, metadata, store, service_tier,
 * prompt_cache_key, safety_identifier, verbosity, parallel_tool_calls) are accepted and not sent.
 * Asking for two contradictory things (`thinking` and `reasoning_effort`) is still a 400.
 */
import type { ChatRequest } from '../../lib/canonical';
import { invalidRequest } from '../../lib/http/errors';

export function unsupportedByGemini(request: ChatRequest): string[] {
  if (request.thinking && request.reasoning_effort != null) {
    throw invalidRequest("Give either 'thinking' or 'reasoning_effort', not both.", 'reasoning_effort');
  }
  const dropped: string[] = [];
  if (request.logit_bias && Object.keys(request.logit_bias).length) dropped.push('logit_bias');
  if (request.logprobs) dropped.push('logprobs');
  if (request.top_logprobs) dropped.push('top_logprobs');
  if (request.audio) dropped.push('audio');
  if (request.modalities?.includes('audio')) dropped.push('modalities');
  if (request.prediction) dropped.push('prediction');
  if (request.web_search_options) dropped.push('web_search_options');
  return dropped;
}
