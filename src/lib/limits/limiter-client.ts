/** The KeyLimiter Durable Object of a gateway key: one object per key id, never a global one. */
export function limiterFor(env: Env, keyId: string) {
  return env.KEY_LIMITER.get(env.KEY_LIMITER.idFromName(keyId));
}
