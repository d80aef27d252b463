/** Stubs of the conversation-side Durable Objects: one Session per session id, one SessionDirectory per key. */

export function sessionObject(env: Env, sessionId: string) {
  return env.SESSIONS.get(env.SESSIONS.idFromName(sessionId));
}

export function sessionDirectory(env: Env, keyId: string) {
  return env.SESSION_DIRECTORY.get(env.SESSION_DIRECTORY.idFromName(keyId));
}

export const SESSION_ID = /^sess_[0-9a-f]{32}$/;

export function newSessionId(): string {
  return `sess_${crypto.randomUUID().replaceAll('-', '')}`;
}
