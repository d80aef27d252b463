/** A key's stored template, rendered with the caller's variables (400 on missing or unknown ones). */
import { invalidRequest, notFound } from '../http/errors';
import { validate } from '../http/validation';
import { sessionDirectory } from './stubs';
import { renderTemplate, TEMPLATE_NAME, type TemplateVariables, templateVariablesSchema } from './templates';

export async function renderStoredTemplate(env: Env, keyId: string, name: string, variables: TemplateVariables): Promise<string> {
  if (!TEMPLATE_NAME.test(name))
    throw invalidRequest('Template names are 1-64 characters of a-z, A-Z, 0-9, underscore or dash.', 'template');
  const stored = await sessionDirectory(env, keyId).getTemplate(name);
  if (!stored) throw notFound(`No template named '${name}'.`, 'template_not_found');
  return renderTemplate(name, stored.template, variables);
}

/** The variables header: a JSON object of strings (non-ASCII as `\u` escapes, as headers are Latin-1). */
export function parseVariablesHeader(header: string, value: string | null): TemplateVariables {
  if (value === null || value.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw invalidRequest(`Header ${header} must be a JSON object of strings.`, header, 'invalid_header');
  }
  return validate(templateVariablesSchema, json);
}
