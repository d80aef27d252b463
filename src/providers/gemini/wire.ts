/**
 * Gemini `generateContent` / `streamGenerateContent` / embeddings wire shapes (WIRE-NOTES §5).
 * Tolerant: every field is optional and unknown fields pass, so a new Gemini field never
 * breaks a response. Request shapes are plain types (the gateway builds them).
 */
import * as z from 'zod';

const functionCall = z.looseObject({
  id: z.string().nullish(),
  name: z.string(),
  args: z.record(z.string(), z.unknown()).nullish(),
});

const part = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  thoughtSignature: z.string().nullish(),
  functionCall: functionCall.nullish(),
});
export type WirePart = z.infer<typeof part>;

const candidate = z.looseObject({
  index: z.number().int().nullish(),
  content: z.looseObject({ role: z.string().nullish(), parts: z.array(part).nullish() }).nullish(),
  finishReason: z.string().nullish(),
  finishMessage: z.string().nullish(),
});
export type WireCandidate = z.infer<typeof candidate>;

export const usageMetadata = z.looseObject({
  promptTokenCount: z.number().nullish(),
  candidatesTokenCount: z.number().nullish(),
  thoughtsTokenCount: z.number().nullish(),
  cachedContentTokenCount: z.number().nullish(),
  /** Tokens of tool results Gemini fed back to itself (e.g. search grounding); billed as input. */
  toolUsePromptTokenCount: z.number().nullish(),
  totalTokenCount: z.number().nullish(),
});
export type WireUsageMetadata = z.infer<typeof usageMetadata>;

/** One non-streamed response, and equally one `alt=sse` stream chunk. */
export const generateContentResponse = z.looseObject({
  candidates: z.array(candidate).nullish(),
  promptFeedback: z.looseObject({ blockReason: z.string().nullish() }).nullish(),
  usageMetadata: usageMetadata.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});
export type WireResponse = z.infer<typeof generateContentResponse>;

/** `google.rpc.Status`, sometimes wrapped in a one-element array. */
export const statusBody = z.looseObject({
  error: z.looseObject({
    code: z.number().nullish(),
    message: z.string().nullish(),
    status: z.string().nullish(),
    details: z
      .array(z.looseObject({ '@type': z.string().nullish(), reason: z.string().nullish(), retryDelay: z.unknown().optional() }))
      .nullish(),
  }),
});
export type WireStatus = z.infer<typeof statusBody>['error'];

const embedding = z.looseObject({ values: z.array(z.number()) });
export const embedContentResponse = z.looseObject({
  embedding: embedding.nullish(),
  embeddings: z.array(embedding).nullish(),
  usageMetadata: z.looseObject({ promptTokenCount: z.number().nullish() }).nullish(),
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
