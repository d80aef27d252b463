/**
 * Azure OpenAI speaks OpenAI's wire, addressed differently: the deployment is in the URL
 * (`{endpoint}/openai/deployments/{deployment}/…?api-version=…`), not in the body, and the
 * credential is an `api-key` header. Everything else is the OpenAI adapter's, shared.
 */
import type { ChatRequest } from '../../lib/canonical';
import { credentialHeaders, toOpenAIBody } from '../openai/request';
import type { HttpRequestSpec, Target } from '../types';

/** Used when a custom Azure provider in SWITCHBOARD_CONFIG names no version (GA as of late 2024). */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

export function azureHeaders(target: Target): Record<string, string> {
  const withAzureAuth = { ...target, options: { ...target.options, authHeader: target.options.authHeader ?? 'api-key' } };
  return { 'content-type': 'application/json', ...credentialHeaders(withAzureAuth) };
}

/** `operation` is `chat/completions` or `embeddings`; `target.model` is the deployment name. */
export function azureDeploymentUrl(target: Target, operation: string): string {
  const version = encodeURIComponent(target.options.apiVersion ?? DEFAULT_AZURE_API_VERSION);
  return `${target.baseUrl}/openai/deployments/${encodeURIComponent(target.model)}/${operation}?api-version=${version}`;
}

export function buildAzureChatRequest(request: ChatRequest, target: Target): HttpRequestSpec {
  const dropped: string[] = [];
  return {
    url: azureDeploymentUrl(target, 'chat/completions'),
    headers: azureHeaders(target),
    body: JSON.stringify(toOpenAIBody(request, target, undefined, dropped)),
    dropped,
  };
}
