import type { HeaderList } from '../journal/types';

/**
 * The headers a reader of an OAuth exchange needs (what the body is, who is
 * asking, where the browser goes, why a request was refused, proof of
 * possession); the rest (CORS, Date, Vary, lengths ...) stays one click away.
 */
const HEADERS_THAT_MATTER = new Set([
  'content-type',
  'accept',
  'authorization',
  'location',
  'www-authenticate',
  'dpop',
  'dpop-nonce',
  'content-location',
  'retry-after',
]);

/** A token response must not be cached (RFC 6749 §5.1): there, Cache-Control and Pragma are part of the lesson. */
const TOKEN_RESPONSE_HEADERS = new Set(['cache-control', 'pragma']);

export interface FoldedHeaders {
  /** The headers that matter, in the order they were sent. */
  shown: HeaderList;
  /** All of them, for the "All N headers" disclosure. */
  all: HeaderList;
}

export function foldHeaders(headers: HeaderList, options: { tokenResponse?: boolean } = {}): FoldedHeaders {
  const shown = headers.filter(([name]) => {
    const key = name.toLowerCase();
    return HEADERS_THAT_MATTER.has(key) || (options.tokenResponse === true && TOKEN_RESPONSE_HEADERS.has(key));
  });
  return { shown, all: headers };
}

/** A response that hands out a token: a JSON body with access_token (or an answer from a path ending in /token). */
export function isTokenResponse(requestUrl: string, body: string | undefined): boolean {
  if (body?.includes('"access_token"')) return true;
  try {
    return new URL(requestUrl, 'http://relative.invalid').pathname.endsWith('/token');
  } catch {
    return false;
  }
}
