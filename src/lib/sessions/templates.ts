/**
 * Prompt templates: system prompts with `{{variable}}` placeholders, stored per key and rendered
 * at session creation or per request. Rendering is strict: a variable the template uses but the
 * caller did not give, or one the caller gave but the template does not use, is a 400.
 */
import { invalidRequest } from '../http/errors';
import * as z from '../zod';

export const TEMPLATE_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** Largest template text, so a template stays a prompt and not a document store. */
export const MAX_TEMPLATE_CHARS = 32 * 1024;
export const MAX_TEMPLATES_PER_KEY = 200;

const placeholder = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;

export const templateVariablesSchema = z.record(z.string().check(z.regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/)), z.string());
export type TemplateVariables = z.infer<typeof templateVariablesSchema>;

/** Names the template uses, in order of first use. Throws on a malformed `{{ … }}`. */
export function templateVariables(text: string): string[] {
  const withoutPlaceholders = text.replace(placeholder, '');
  if (withoutPlaceholders.includes('{{') || withoutPlaceholders.includes('}}')) {
    throw invalidRequest(
      'The template has a malformed placeholder: use {{name}} with a-z, A-Z, 0-9 and underscore.',
      'template',
      'invalid_template',
    );
  }
  return [...new Set(Array.from(text.matchAll(placeholder), (match) => match[1] ?? ''))];
}

export function renderTemplate(name: string, text: string, variables: TemplateVariables): string {
  const used = templateVariables(text);
  const missing = used.filter((variable) => !Object.hasOwn(variables, variable));
  if (missing.length) {
    throw invalidRequest(
      `Template '${name}' needs variables it was not given: ${missing.join(', ')}.`,
      'variables',
      'template_variable_missing',
    );
  }
  const unknown = Object.keys(variables).filter((variable) => !used.includes(variable));
  if (unknown.length) {
    throw invalidRequest(`Template '${name}' has no variables named: ${unknown.join(', ')}.`, 'variables', 'template_variable_unknown');
  }
  return text.replace(placeholder, (_, variable: string) => variables[variable] ?? '');
}
