import { base64ToBytes, bytesToBase64, sha1, toHex } from './encoding';
import { errorText } from '../../../src/protocol/step-failure';

/**
 * SAML 2.0 Bindings §3.6.4: the type 0x0004 artifact, 44 bytes, base64:
 *   TypeCode       2 bytes  0x0004
 *   EndpointIndex  2 bytes  which ArtifactResolutionService of the issuer to ask
 *   SourceID      20 bytes  SHA-1 of the issuer's entityID (tells the receiver whom to ask)
 *   MessageHandle 20 bytes  random: the reference itself, unguessable
 */
const ARTIFACT_TYPE_CODE = 0x0004;
export const ARTIFACT_LENGTH = 44;

export interface ParsedArtifact {
  typeCode: number;
  endpointIndex: number;
  sourceIdHex: string;
  messageHandleHex: string;
}

export async function createArtifact(issuerEntityId: string, endpointIndex = 0): Promise<string> {
  const bytes = new Uint8Array(ARTIFACT_LENGTH);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, ARTIFACT_TYPE_CODE);
  view.setUint16(2, endpointIndex);
  bytes.set(await sha1(issuerEntityId), 4);
  bytes.set(crypto.getRandomValues(new Uint8Array(20)), 24);
  return bytesToBase64(bytes);
}

/** Throws an Error saying which part of the artifact is wrong. */
export function parseArtifact(value: string): ParsedArtifact {
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(value);
  } catch (e) {
    throw new Error(`SAMLart is ${errorText(e)}`, { cause: e });
  }
  if (bytes.length !== ARTIFACT_LENGTH) {
    throw new Error(`SAMLart decodes to ${bytes.length} bytes; a type 0x0004 artifact has exactly ${ARTIFACT_LENGTH}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const typeCode = view.getUint16(0);
  if (typeCode !== ARTIFACT_TYPE_CODE) {
    throw new Error(`SAMLart has TypeCode 0x${typeCode.toString(16).padStart(4, '0')}; only 0x0004 is defined`);
  }
  return {
    typeCode,
    endpointIndex: view.getUint16(2),
    sourceIdHex: toHex(bytes.slice(4, 24)),
    messageHandleHex: toHex(bytes.slice(24, 44)),
  };
}

/** Does the artifact's SourceID name this issuer? */
export async function artifactIsFrom(parsed: ParsedArtifact, issuerEntityId: string): Promise<boolean> {
  return parsed.sourceIdHex === toHex(await sha1(issuerEntityId));
}
