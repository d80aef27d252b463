/** Config cross-references are refused when the config is loaded, naming the field (issue 14). */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/config';

const base = { OPENAI_API_KEY: 'sk-fake-openai' };
const withConfig = (config: unknown, env: Record<string, string> = {}) =>
  loadConfig({ ...base, ...env, SWITCHBOARD_CONFIG: JSON.stringify(config) });

describe('config cross-references', () => {
  it('a route target naming a provider without credential or base URL is refused, naming the field', () => {
    // Azure has no default endpoint: without AZURE_OPENAI_ENDPOINT it cannot be called at all.
    expect(() => withConfig({ routes: { smart: { targets: [{ model: 'openai/gpt-4o' }, { model: 'azure/my-deployment' }] } } })).toThrow(
      /SWITCHBOARD_CONFIG\.routes\.smart\.targets\[1\]\.model: provider 'azure' is not configured/,
    );
  });

  it('a route target naming a built-in provider usable with BYOK credentials is accepted', () => {
    const config = withConfig({ routes: { smart: { targets: [{ model: 'anthropic/claude-sonnet-4-5' }] } } });
    expect(config.byokOnly.has('anthropic')).toBe(true);
  });

  it('an unknown default provider is refused, naming where it came from', () => {
    expect(() => withConfig({ defaultProvider: 'nope' })).toThrow(/SWITCHBOARD_CONFIG\.defaultProvider: unknown provider 'nope'/);
    expect(() => loadConfig({ ...base, SWITCHBOARD_DEFAULT_PROVIDER: 'nope' })).toThrow(/SWITCHBOARD_DEFAULT_PROVIDER: unknown provider/);
  });

  it('an unknown route provider is still refused by the schema check', () => {
    expect(() => withConfig({ routes: { smart: { targets: [{ model: 'nope/x' }] } } })).toThrow(/unknown provider 'nope'/);
  });
});
