import { base64url } from 'jose';

/** A JSON value as one URL path segment (base64url, through jose). */
export function encodeJsonSegment(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

/** The JSON value of a segment, or undefined when it is not base64url JSON. */
export function decodeJsonSegment(segment: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(base64url.decode(segment)));
  } catch {
    return undefined;
  }
}
