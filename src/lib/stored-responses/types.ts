/**
 * Stored responses (`store: true` on `POST /v1/responses`): what is kept per response, scoped
 * to the key that created it. Shared by the ResponseStore Durable Object and the Responses
 * surface. Items are kept in the Responses wire shape, so a continuation is rebuilt by the same
 * code that reads a request's `input`, whichever provider serves the next turn.
 */

/** Any Responses item as stored (input or output); reasoning items keep their `encrypted_content`. */
export type StoredItem = { id: string; type: string } & Record<string, unknown>;

export interface StoredResponse {
  /** The `response` object as sent, output items complete (with `encrypted_content`). */
  response: { id: string } & Record<string, unknown>;
  /** The request's own input items, ids assigned. */
  input: StoredItem[];
  /** The conversation before this request's input (from `previous_response_id`), oldest first. */
  context: StoredItem[];
  /** Set when the response came through the same-dialect lane from a host that stored it too. */
  upstream?: StoredUpstream;
}

/**
 * Where the provider itself keeps this response (same id): the next turn may pass
 * `previous_response_id` through to that host, with that credential, instead of rebuilding the
 * conversation. `credential` is a tag (stored-responses/upstream.ts), never the secret.
 */
export interface StoredUpstream {
  /** Configured provider id (`openai`, `azure`, …). */
  provider: string;
  /** The first 16 hex digits of SHA-256 over the provider's base URL and the credential. */
  credential: string;
}

export interface InputItemsPage {
  data: StoredItem[];
  has_more: boolean;
}

export interface InputItemsQuery {
  after?: string | undefined;
  limit: number;
  order: 'asc' | 'desc';
}

/** Default retention of a stored response, as OpenAI's (30 days). */
export const DEFAULT_RETENTION_SECONDS = 30 * 24 * 3600;
