import { base64url } from 'jose';

/** An unguessable value (codes, tokens, session and launch ids): 256 bits from WebCrypto, base64url. */
export function randomValue(bytes = 32): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));
}
