/**
 * Model-aware parameters for OpenAI's reasoning models (o-series, gpt-5 family), whatever
 * surface the request came through and whatever the client thought the model was (a
 * `provider/` prefix defeats client-side detection): the token limit goes as
 * `max_completion_tokens`, and the sampling parameters these models refuse are left out and
 * named (docs/fidelity.md). A model the catalog knows as *not* reasoning loses
 * `reasoning_effort`, which OpenAI refuses for it.
 */
import { modelInfo, targetModelInfo } from '../../lib/models/model-info';
import type { Target } from '../types';

/** Refused by reasoning models (OpenAI: "Unsupported parameter … with this model"). */
const SAMPLING_PARAMETERS = ['temperature', 'top_p', 'presence_penalty', 'frequency_penalty', 'logprobs', 'top_logprobs', 'logit_bias'];

/**
 * Families for ids the catalog does not list (dated snapshots, new sizes), by the id's last
 * segment so `openai/gpt-5` on an aggregator matches too. `gpt-5-chat…` is a chat model.
 */
const REASONING_FAMILY = /^(o\d+|gpt-5)([-.]|$)/;

function catalogEntry(target: Target) {
  return targetModelInfo(target) ?? modelInfo('openai', target.model);
}

export function isReasoningModel(target: Target): boolean {
  // Only the hand-kept table says it; the dataset's models fall to the family pattern.
  const known = catalogEntry(target)?.reasoningParameters;
  if (known !== undefined) return known;
  const id = target.model.split('/').at(-1) ?? '';
  return REASONING_FAMILY.test(id) && !id.includes('-chat');
}

/** Adjust an OpenAI wire body in place for the target model; dropped parameter names are pushed onto `dropped`. */
export function applyModelParameters(body: Record<string, unknown>, target: Target, dropped: string[]): void {
  if (isReasoningModel(target)) {
    if (body.max_tokens != null) {
      body.max_completion_tokens ??= body.max_tokens;
      delete body.max_tokens;
    }
    for (const name of SAMPLING_PARAMETERS) {
      if (body[name] == null) continue;
      delete body[name];
      dropped.push(name);
    }
    return;
  }
  const known = catalogEntry(target);
  if (known?.capabilities && !known.capabilities.includes('reasoning') && body.reasoning_effort != null) {
    delete body.reasoning_effort;
    dropped.push('reasoning_effort');
  }
}
