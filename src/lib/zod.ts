/**
 * The project's zod: `zod/mini` (functional checks, a fraction of classic zod's bundle weight) with
 * the English error messages classic zod loads by default and mini does not. Import zod from here.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
