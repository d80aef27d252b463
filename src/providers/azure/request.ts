/**
 * Azure OpenAI speaks OpenAI's wire, addressed differently: the deployment is in the URL
 * (`{endpoint}/openai/deployments/{deployment}/…?api-version=…`), not in the body, and the
 * credential is an `api-key` header. Everything else is the OpenAI adapter's, shared.
 */
import type { ChatRequest } from '../../lib/canonical';
import { invalidRequest } from '../../lib/http/errors';
import { credentialHeaders, toOpenAIBody } from '../openai/request';
import type { HttpRequestSpec, Target } from '../types';

/** Used when a custom Azure provider in SWITCHBOARD_CONFIG names no version (GA as of late 2024). */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

export function azureHeaders(target: Target): Record<string, string> {
  const withAzureAuth = { ...target, options: { ...target.options, authHeader: target.options.authHeader ?? 'api-key' } };
  return { 'content-type': 'application/json', ...credentialHeaders(withAzureAuth) };
}

/**
 * A deployment name is a path segment: `.` and `..` would be resolved by the URL parser and
 * leave `/openai/deployments/` on the Azure host, and `/` or `\` would add segments.
 */
export function assertDeploymentName(deployment: string): void {
  if (/^\.+$/.test(deployment) || /[/\\]/.test(deployment)) {
    throw invalidRequest(
      `Invalid value for 'model': '${deployment.slice(0, 64)}' is not an Azure deployment name (no '/', '\\', '.' or '..').`,
      'model',
      'invalid_deployment',
    );
  }
}

/** `operation` is `chat/completions` or `embeddings`; `target.model` is the deployment name. */
export function azureDeploymentUrl(target: Target, operation: string): string {
  assertDeploymentName(target.model);
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
