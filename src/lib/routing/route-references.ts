/**
 * Config cross-references that need the environment, checked when the config is loaded: a
 * route target must name a provider this gateway can call (configured with a key, or with a
 * base URL for callers' own BYOK credentials), and the default provider must be one the
 * gateway knows. The error names the field, as an operator would write it.
 */

export interface ReferenceIssue {
  field: string;
  message: string;
}

export function unreachableReferences(
  raw: { routes?: Record<string, { targets: { model: string }[] }>; defaultProvider?: string | undefined },
  defaultProvider: { value: string | undefined; field: string },
  known: (provider: string) => boolean,
  callable: (provider: string) => boolean,
): ReferenceIssue | undefined {
  if (defaultProvider.value !== undefined && !known(defaultProvider.value)) {
    return { field: defaultProvider.field, message: `unknown provider '${defaultProvider.value}'` };
  }
  for (const [name, route] of Object.entries(raw.routes ?? {})) {
    for (const [index, target] of route.targets.entries()) {
      const provider = target.model.slice(0, target.model.indexOf('/'));
      if (!callable(provider)) {
        return {
          field: `routes.${name}.targets[${index}].model`,
          message: `provider '${provider}' is not configured on this gateway (no credential and no base URL)`,
        };
      }
    }
  }
  return undefined;
}
