/**
 * Gemini `generateContent` / `streamGenerateContent` / embeddings wire shapes (WIRE-NOTES §5).
 * Tolerant: every field is optional and unknown fields pass, so a new Gemini field never
 * breaks a response. Request shapes are plain types (the gateway builds them).
 */
import * as z from '../../lib/zod';

const functionCall = z.looseObject({
  id: z.nullish(z.string()),
  name: z.string(),
  args: z.nullish(z.record(z.string(), z.unknown())),
});

const part = z.looseObject({
  text: z.nullish(z.string()),
  thought: z.nullish(z.boolean()),
  thoughtSignature: z.nullish(z.string()),
  functionCall: z.nullish(functionCall),
});
export type WirePart = z.infer<typeof part>;

const candidate = z.looseObject({
  index: z.nullish(z.int()),
  content: z.nullish(z.looseObject({ role: z.nullish(z.string()), parts: z.nullish(z.array(part)) })),
  finishReason: z.nullish(z.string()),
  finishMessage: z.nullish(z.string()),
});
export type WireCandidate = z.infer<typeof candidate>;

export const usageMetadata = z.looseObject({
  promptTokenCount: z.nullish(z.number()),
  candidatesTokenCount: z.nullish(z.number()),
  thoughtsTokenCount: z.nullish(z.number()),
  cachedContentTokenCount: z.nullish(z.number()),
  /** Tokens of tool results Gemini fed back to itself (e.g. search grounding); billed as input. */
  toolUsePromptTokenCount: z.nullish(z.number()),
  totalTokenCount: z.nullish(z.number()),
});
export type WireUsageMetadata = z.infer<typeof usageMetadata>;

/** One non-streamed response, and equally one `alt=sse` stream chunk. */
export const generateContentResponse = z.looseObject({
  candidates: z.nullish(z.array(candidate)),
  promptFeedback: z.nullish(z.looseObject({ blockReason: z.nullish(z.string()) })),
  usageMetadata: z.nullish(usageMetadata),
  modelVersion: z.nullish(z.string()),
  responseId: z.nullish(z.string()),
});
export type WireResponse = z.infer<typeof generateContentResponse>;

/** `google.rpc.Status`, sometimes wrapped in a one-element array. */
export const statusBody = z.looseObject({
  error: z.looseObject({
    code: z.nullish(z.number()),
    message: z.nullish(z.string()),
    status: z.nullish(z.string()),
    details: z.nullish(
      z.array(z.looseObject({ '@type': z.nullish(z.string()), reason: z.nullish(z.string()), retryDelay: z.optional(z.unknown()) })),
    ),
  }),
});
export type WireStatus = z.infer<typeof statusBody>['error'];

const embedding = z.looseObject({ values: z.array(z.number()) });
export const embedContentResponse = z.looseObject({
  embedding: z.nullish(embedding),
  embeddings: z.nullish(z.array(embedding)),
  usageMetadata: z.nullish(z.looseObject({ promptTokenCount: z.nullish(z.number()) })),
});

/** Request-side shapes, built by the gateway. */
export interface GeminiPart {
  text?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType: string; fileUri: string };
  functionCall?: { id?: string; name: string; args: Record<string, unknown> };
  functionResponse?: { id?: string; name: string; response: Record<string, unknown> };
  thoughtSignature?: string;
}

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

/** Gemini's OpenAPI subset (what `functionDeclarations[].parameters` and `responseSchema` accept). */
export interface GeminiSchema {
  type?: string;
  format?: string;
  description?: string;
  nullable?: boolean;
  enum?: string[];
  properties?: Record<string, GeminiSchema>;
  required?: string[];
  propertyOrdering?: string[];
  items?: GeminiSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minProperties?: number;
  maxProperties?: number;
  anyOf?: GeminiSchema[];
}
