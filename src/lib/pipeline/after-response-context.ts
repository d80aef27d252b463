/**
 * What every after-response step receives. It lives in its own module so the steps (cache,
 * usage, archive, request log) and the runner that calls them both import it, and no step
 * imports the module that calls it.
 */
import type { CacheStep } from '../cache/lookup';
import type { ForwardedBody } from '../cache/store';
import type { ChatResult } from '../canonical';
import type { Admission } from '../limits/admission';
import type { RequestRecord } from './request-record';

export interface AfterResponseContext {
  env: Env;
  record: RequestRecord;
  admission: Admission;
  /** The cache decision of this request (absent when the request failed before it). */
  cache?: CacheStep;
  /** The complete answer: the provider's result, or a stream's events added up (absent when it failed). */
  result?: ChatResult;
  /** The provider's own non-stream body (same-dialect lane), cached with the result. */
  forwarded?: ForwardedBody;
}
