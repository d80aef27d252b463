import { DurableObject } from 'cloudflare:workers';

/** Declared now so every binding exists under `wrangler dev`; its behaviour lands with its issue. */
export class UsageLedger extends DurableObject<Env> {}
