/**
 * The PGO's own look at the SAML values that passed through the browser: it
 * decodes the AuthnRequest from DigiD's URL and the artifact from the ACS URL
 * with the platform (atob, DecompressionStream, WebCrypto), so what the steps
 * show is recomputed here, not taken on the server's word.
 */
function base64ToBytes(text: string): Uint8Array {
  const bin = atob(text.replace(/\s+/g, ''));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** SAMLRequest (HTTP-Redirect binding): base64, then raw DEFLATE. */
export async function decodeSamlRequest(value: string): Promise<string> {
  const stream = new Blob([base64ToBytes(value) as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}

export interface DecodedArtifact {
  length: number;
  typeCode: string;
  endpointIndex: number;
  sourceId: string;
  messageHandle: string;
}

/** A type 0x0004 SAML artifact: TypeCode (2) EndpointIndex (2) SourceID (20) MessageHandle (20). */
export function decodeArtifact(value: string): DecodedArtifact {
  const b = base64ToBytes(value);
  return {
    length: b.length,
    typeCode: `0x${toHex(b.slice(0, 2))}`,
    endpointIndex: (b[2] << 8) | b[3],
    sourceId: toHex(b.slice(4, 24)),
    messageHandle: toHex(b.slice(24, 44)),
  };
}

export async function sha1Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text))));
}
