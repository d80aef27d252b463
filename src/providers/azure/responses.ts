/**
 * Where Azure serves the Responses API. The body is OpenAI's, with the deployment name as
 * `model`; only the URL differs by API version:
 *  - `v1` (or `preview`): the v1 path `{endpoint}/openai/v1/responses` (`?api-version=preview`
 *    for preview);
 *  - a dated version from `2025-03-01-preview` on: `{endpoint}/openai/responses?api-version=…`;
 *  - an older dated version (the GA default `2024-10-21` predates the Responses API): the v1 path.
 */
import type { ResponsesEndpoint } from '../openai/responses/request';
import type { Target } from '../types';
import { azureHeaders } from './request';

/** First dated Azure API version that serves `/openai/responses`. */
export const FIRST_RESPONSES_API_VERSION = '2025-03-01-preview';

export function azureResponsesEndpoint(target: Target): ResponsesEndpoint {
  const version = target.options.apiVersion ?? '';
  let url = `${target.baseUrl}/openai/v1/responses`;
  if (version === 'preview') url += '?api-version=preview';
  else if (/^\d{4}-\d{2}-\d{2}/.test(version) && version >= FIRST_RESPONSES_API_VERSION) {
    url = `${target.baseUrl}/openai/responses?api-version=${encodeURIComponent(version)}`;
  }
  return { url, headers: azureHeaders(target) };
}
