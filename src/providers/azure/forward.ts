/** The same-dialect lane to Azure OpenAI: the OpenAI edits, the deployment in the URL instead of `model`. */
import { forwardedHeaders, forwardOpenAIBody, usageHidden } from '../openai/forward';
import type { ForwardEdits, ForwardRequestSpec, Target } from '../types';
import { azureDeploymentUrl, azureHeaders } from './request';

export function forwardAzureRequest(body: Readonly<Record<string, unknown>>, edits: ForwardEdits, target: Target): ForwardRequestSpec {
  const dropped: string[] = [];
  const edited = forwardOpenAIBody(body, edits, target, undefined, dropped);
  const hideEvent = usageHidden(body, edited);
  return {
    ...(dropped.length > 0 ? { dropped } : {}),
    url: azureDeploymentUrl(target, 'chat/completions'),
    headers: { ...forwardedHeaders(edits), ...azureHeaders(target) },
    body: edited,
    ...(hideEvent ? { hideEvent } : {}),
  };
}
