/**
 * OpenAI parameters Gemini cannot honour. They are refused with a 400 naming the parameter,
 * rather than dropped (a caller who asked for logprobs must not silently get none).
 * Identifiers and hints with no effect on the output (user, metadata, store, service_tier,
 * prompt_cache_key, safety_identifier, verbosity, parallel_tool_calls) are accepted and not sent.
 */
import type { ChatRequest } from '../../lib/canonical';
import { invalidRequest } from '../../lib/http/errors';

const unsupported = (param: string, why = 'Gemini has no equivalent') =>
  invalidRequest(`The '${param}' parameter is not supported for Gemini models (${why}).`, param, 'unsupported_parameter');

export function assertGeminiSupports(request: ChatRequest): void {
  if (request.logit_bias && Object.keys(request.logit_bias).length) throw unsupported('logit_bias');
  if (request.logprobs) throw unsupported('logprobs', 'the gateway does not translate Gemini log probabilities');
  if (request.top_logprobs) throw unsupported('top_logprobs', 'the gateway does not translate Gemini log probabilities');
  if (request.modalities?.includes('audio') || request.audio) throw unsupported(request.audio ? 'audio' : 'modalities', 'no audio output');
  if (request.prediction) throw unsupported('prediction');
  if (request.web_search_options) throw unsupported('web_search_options', 'use a Gemini grounding tool instead');
  if (request.thinking && request.reasoning_effort != null) {
    throw invalidRequest("Give either 'thinking' or 'reasoning_effort', not both.", 'reasoning_effort');
  }
}
