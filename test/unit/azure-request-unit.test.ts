import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../src/lib/chat-request-schema';
import { azureAdapter } from '../../src/providers/azure';
import type { Target } from '../../src/providers/types';

const target = (options: Target['options']): Target => ({
  provider: 'azure',
  adapter: 'azure',
  model: 'gpt-4o:prod',
  baseUrl: 'https://res.openai.azure.com',
  apiKey: 'azure-secret',
  options,
});

describe('Azure chat request', () => {
  const request = chatRequestSchema.parse({
    model: 'azure/gpt-4o:prod',
    stream: true,
    messages: [{ role: 'user', content: 'hi' }],
    response_format: { type: 'json_object' },
  });

  it('addresses the deployment, sends api-version and api-key, and leaves model out of the body', () => {
    const spec = azureAdapter.chat.buildRequest(request, target({ authHeader: 'api-key', apiVersion: '2024-10-21' }));
    expect(spec.url).toBe('https://res.openai.azure.com/openai/deployments/gpt-4o%3Aprod/chat/completions?api-version=2024-10-21');
    expect(spec.headers).toEqual({ 'content-type': 'application/json', 'api-key': 'azure-secret' });
    const body = JSON.parse(spec.body);
    expect(body.model).toBeUndefined();
    // The OpenAI transforms, shared: usage always asked for in streams, response_format passed through.
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.response_format).toEqual({ type: 'json_object' });
  });

  it('defaults to api-key and a GA api-version for a custom Azure provider that names neither', () => {
    const spec = azureAdapter.chat.buildRequest(request, target({}));
    expect(spec.url).toMatch(/\?api-version=2024-10-21$/);
    expect(spec.headers['api-key']).toBe('azure-secret');
  });
});
