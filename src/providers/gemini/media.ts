/**
 * OpenAI user content parts → Gemini parts. Data URLs become `inlineData`; http(s) URLs become
 * `fileData` with a MIME type guessed from the file extension (Gemini requires one), and a
 * URL whose type cannot be guessed is a 400 that says how to send it instead.
 */
import type { UserContentPart } from '../../lib/chat-request-schema';
import { invalidRequest } from '../../lib/http/errors';
import type { GeminiPart } from './wire';

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[^;,]*)*;base64,(.*)$/s;

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
};

function fromDataUrl(url: string, param: string): GeminiPart {
  const match = DATA_URL.exec(url);
  if (!match?.[1] || match[2] === undefined) {
    throw invalidRequest(`'${param}' is a data URL that is not base64 ('data:<mime type>;base64,<data>').`, param);
  }
  return { inlineData: { mimeType: match[1], data: match[2] } };
}

function fromUrl(url: string, param: string): GeminiPart {
  if (url.startsWith('data:')) return fromDataUrl(url, param);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRequest(`'${param}' is neither a data URL nor an http(s) URL.`, param);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw invalidRequest(`'${param}' must be a data URL or an http(s) URL.`, param);
  }
  const extension = /\.([a-z0-9]+)$/i.exec(parsed.pathname)?.[1]?.toLowerCase();
  const mimeType = extension ? MIME_BY_EXTENSION[extension] : undefined;
  if (!mimeType) {
    throw invalidRequest(
      `Gemini needs the media type of '${param}', and it cannot be told from the URL; send the image as a data URL (data:image/png;base64,…) instead.`,
      param,
    );
  }
  return { fileData: { mimeType, fileUri: url } };
}

export function toGeminiUserPart(part: UserContentPart, param: string): GeminiPart {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'image_url':
      return fromUrl(part.image_url.url, `${param}.image_url.url`);
    case 'input_audio':
      return { inlineData: { mimeType: `audio/${part.input_audio.format}`, data: part.input_audio.data } };
    case 'file':
      if (part.file.file_data) return fromDataUrl(part.file.file_data, `${param}.file.file_data`);
      throw invalidRequest('Gemini cannot read OpenAI file ids; send the file inline as file_data (a base64 data URL).', `${param}.file`);
  }
}
