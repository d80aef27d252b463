/**
 * Response and item ids. A response id is `resp_` + the request id's 32 hex digits (so it sorts
 * by time, like request ids). Item ids carry the id of the response that minted them, so an
 * `item_reference` (or a reasoning item echoed without its `encrypted_content`) leads straight to
 * the stored response that holds the item: no per-key index is needed.
 */

export const RESPONSE_ID = /^resp_[0-9a-f]{32}$/;
const ITEM_ID = /^[a-z]+_([0-9a-f]{32})[0-9a-f]{4,}$/;

export type ItemPrefix = 'msg' | 'fc' | 'rs';

export function responseIdFor(requestId: string): string {
  return `resp_${requestId.replace(/^req_/, '')}`;
}

/** The `seq`-th item (input or output) of a response. */
export function itemId(prefix: ItemPrefix, responseId: string, seq: number): string {
  return `${prefix}_${responseId.slice('resp_'.length)}${seq.toString(16).padStart(4, '0')}`;
}

/** The response that minted an item id; undefined for ids the gateway did not mint. */
export function responseIdOfItem(id: string): string | undefined {
  const match = ITEM_ID.exec(id);
  return match ? `resp_${match[1]}` : undefined;
}
