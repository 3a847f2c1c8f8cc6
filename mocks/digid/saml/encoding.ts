/**
 * SAML 2.0 Bindings §3.4.4.1 (HTTP-Redirect, DEFLATE encoding): the message is
 * compressed with raw DEFLATE (RFC 1951, no zlib header), then base64 encoded
 * (standard alphabet with padding, not base64url), then URL-encoded as the
 * SAMLRequest query parameter. The platform does each part: CompressionStream
 * ('deflate-raw'), btoa/atob, URLSearchParams.
 */
import { errorText } from '../../../src/protocol/step-failure';

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Throws a TypeError naming the problem when the text is not base64. */
export function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
    throw new TypeError('not valid base64 (standard alphabet A-Z a-z 0-9 + / with = padding)');
  }
  const bin = atob(clean);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

export async function deflateRaw(text: string): Promise<Uint8Array> {
  return pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
}

/**
 * The most an inflated SAML message may hold. An AuthnRequest is about 1 KB;
 * DEFLATE packs up to ~1000:1, so without a cap 140 KB of input becomes
 * 100 MB of XML (a "zip bomb").
 */
const MAX_INFLATED_BYTES = 256 * 1024;

class InflatedTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the inflated message is larger than ${Math.round(limit / 1024)} KB`);
    this.name = 'InflatedTooLargeError';
  }
}

/**
 * Inflate raw DEFLATE data, counting bytes as they come out and stopping at
 * `limit`: the stream is cancelled, so a bomb costs only `limit` bytes of work.
 */
export async function inflateRaw(bytes: Uint8Array, limit = MAX_INFLATED_BYTES): Promise<string> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new InflatedTooLargeError(limit);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(out);
}

/** The SAMLRequest value for the HTTP-Redirect binding (before URL encoding). */
export async function encodeRedirectMessage(xml: string): Promise<string> {
  return bytesToBase64(await deflateRaw(xml));
}

/** Reverse of encodeRedirectMessage; throws an Error saying which layer failed. */
export async function decodeRedirectMessage(value: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(value);
  } catch (e) {
    throw new Error(`SAMLRequest is ${errorText(e)}`, { cause: e });
  }
  try {
    return await inflateRaw(bytes);
  } catch (e) {
    if (e instanceof InflatedTooLargeError) throw new Error(`SAMLRequest is refused: ${e.message} (an AuthnRequest is about 1 KB)`, { cause: e });
    throw new Error('SAMLRequest is base64 but not raw DEFLATE data (HTTP-Redirect binding: deflate without zlib header, then base64)', { cause: e });
  }
}

export async function sha1(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text)));
}

export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
