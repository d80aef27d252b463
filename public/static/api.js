// The gateway's public API as the dashboard and playground use it: same origin, the key from
// sessionStorage (gone when the tab closes; never in a URL, never in localStorage).

const KEY = 'switchboard.key';
const ROLE = 'switchboard.role';

export const session = {
  get key() {
    return sessionStorage.getItem(KEY);
  },
  /** `key` (a gateway key) or `admin` (the admin token). */
  get role() {
    return sessionStorage.getItem(ROLE);
  },
  save(key, role) {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(ROLE, role);
  },
  clear() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(ROLE);
  },
};

/** An error answer from the gateway, with its message, code and request id. */
export class ApiError extends Error {
  constructor(status, message, code, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** Turn a non-2xx response into an ApiError carrying the gateway's own message. */
export async function apiError(response) {
  let message = `${response.status} ${response.statusText}`.trim();
  let code = null;
  try {
    const body = await response.json();
    const error = body?.error ?? body;
    if (typeof error?.message === 'string') message = error.message;
    code = error?.code ?? error?.type ?? null;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, message, code, response.headers.get('x-request-id'));
}

export function authHeaders(key = session.key) {
  return { authorization: `Bearer ${key}` };
}

/** GET a JSON API path with the signed-in key. */
export async function getJson(path, { key = session.key, signal } = {}) {
  const response = await fetch(path, { headers: authHeaders(key), signal });
  if (!response.ok) throw await apiError(response);
  return response.json();
}

/**
 * Which credential is this? A gateway key reads its own `/v1/ratelimit`; the admin token is
 * refused there (401) and accepted by `/admin/keys`. Anything else: the gateway's message.
 */
export async function identify(key) {
  try {
    const status = await getJson('/v1/ratelimit', { key });
    return { role: 'key', keyId: status.key_id };
  } catch (error) {
    // The admin token is told it "cannot be used here" (403); an unknown key is a 401.
    const adminMaybe = error instanceof ApiError && (error.status === 401 || error.code === 'credential_not_allowed_here');
    if (!adminMaybe) throw error;
    try {
      await getJson('/admin/keys?limit=1', { key });
      return { role: 'admin', keyId: null };
    } catch {
      throw error;
    }
  }
}

/** A human sentence for a failed sign-in. */
export function signInMessage(error) {
  if (error instanceof ApiError && error.status === 401) {
    return `That key was not accepted: ${error.message} Check for a typo, or ask your admin for a key.`;
  }
  if (error instanceof ApiError) return `The gateway refused this key (${error.status}): ${error.message}`;
  return `Could not reach the gateway: ${error?.message ?? error}`;
}

/** POST/PUT/PATCH/DELETE a JSON API path with the signed-in key; the answer's JSON. */
export async function sendJson(path, method, body, { key = session.key } = {}) {
  const headers = authHeaders(key);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw await apiError(response);
  return response.json();
}
