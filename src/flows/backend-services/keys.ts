import { calculateJwkThumbprint, exportJWK, generateKeyPair, generateSecret, importJWK, importPKCS8, type JWK } from 'jose';
import type { StoredKey } from './key-store';
import type { SigningAlg } from './state';
import { errorText } from '../../protocol/step-failure';

/**
 * The backend client's key pair. The private key is made (or imported) as a
 * non-extractable CryptoKey: the page can sign with it but no script can read
 * it out. Only the public half is ever shown, registered or sent.
 */

/** A key that cannot be used for the chosen algorithm, or text that is not a private key. */
export class KeyImportError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'KeyImportError';
  }
}

const KTY: Record<SigningAlg, string> = { RS384: 'RSA', ES384: 'EC' };

/** The public members of a JWK, and nothing else (so no private member can slip through). */
function publicPart(jwk: JWK): JWK {
  if (jwk.kty === 'RSA') return { kty: 'RSA', n: jwk.n, e: jwk.e };
  if (jwk.kty === 'EC') return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
  throw new KeyImportError(`A ${jwk.kty} key cannot be used here.`, 'Use an RSA key (RS384) or a P-384 EC key (ES384).');
}

async function withKid(publicJwk: JWK, alg: SigningAlg, kid?: string): Promise<JWK> {
  return { ...publicJwk, kid: kid ?? (await calculateJwkThumbprint(publicJwk)), alg, use: 'sig' };
}

export async function generateSigningKey(alg: SigningAlg): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: false });
  const publicJwk = await withKid(publicPart(await exportJWK(publicKey)), alg);
  return { id: publicJwk.kid as string, alg, signingKey: privateKey, publicJwk, source: 'generated' };
}

/** A fresh key pair that no server has seen: the "unregistered key" failure. */
export async function generateStrangerKey(alg: SigningAlg): Promise<StoredKey> {
  const key = await generateSigningKey(alg);
  return { ...key, id: `unregistered-${key.id}`, source: 'failure-demo' };
}

/** A random HMAC secret: the "HS256" failure (the server shares no secret with a backend client). */
export async function generateHs256Secret(): Promise<StoredKey> {
  const secret = await generateSecret('HS256', { extractable: false });
  return { id: `hs256-${crypto.randomUUID()}`, alg: 'HS256', signingKey: secret, source: 'failure-demo' };
}

/**
 * Imports a pasted private key: PKCS#8 PEM ("BEGIN PRIVATE KEY") or a private
 * JWK (or a JWKS holding one). The key is read once as extractable to learn its
 * public half, then imported again as non-extractable, which is what is kept.
 */
export async function importSigningKey(text: string, alg: SigningAlg): Promise<StoredKey> {
  const trimmed = text.trim();
  if (!trimmed) {
    throw new KeyImportError(
      'No key was pasted.',
      'Paste a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----) or a private JWK, or choose "Generate a key".',
    );
  }
  const privateJwk = trimmed.startsWith('-----') ? await jwkFromPem(trimmed, alg) : jwkFromJson(trimmed);
  if (privateJwk.kty !== KTY[alg] || (alg === 'ES384' && privateJwk.crv !== 'P-384')) {
    const what = privateJwk.kty === 'EC' ? `an EC key on ${String(privateJwk.crv)}` : `a ${String(privateJwk.kty)} key`;
    throw new KeyImportError(
      `The pasted key is ${what}, which cannot sign ${alg}.`,
      alg === 'RS384' ? 'RS384 needs an RSA key; choose ES384 for a P-384 EC key.' : 'ES384 needs an EC key on P-384; choose RS384 for an RSA key.',
    );
  }
  if (privateJwk.alg !== undefined && privateJwk.alg !== alg) {
    throw new KeyImportError(`The pasted JWK says alg ${privateJwk.alg}, not ${alg}.`, `Choose ${alg} to match, or remove "alg" from the JWK.`);
  }
  let signingKey: CryptoKey;
  try {
    const { kid: _kid, alg: _alg, use: _use, key_ops: _ops, ext: _ext, ...material } = privateJwk;
    signingKey = (await importJWK(material, alg, { extractable: false })) as CryptoKey;
  } catch (e) {
    throw new KeyImportError(`The key cannot be used for ${alg}: ${errorText(e)}`, 'Check that the whole key was pasted.');
  }
  const publicJwk = await withKid(publicPart(privateJwk), alg, typeof privateJwk.kid === 'string' ? privateJwk.kid : undefined);
  return { id: publicJwk.kid as string, alg, signingKey, publicJwk, source: 'imported' };
}

async function jwkFromPem(pem: string, alg: SigningAlg): Promise<JWK> {
  if (pem.includes('BEGIN PUBLIC KEY') || pem.includes('BEGIN CERTIFICATE')) {
    throw new KeyImportError('This is a public key (or certificate), not a private key.', 'Signing needs the private key: paste the "BEGIN PRIVATE KEY" PEM.');
  }
  if (pem.includes('BEGIN RSA PRIVATE KEY') || pem.includes('BEGIN EC PRIVATE KEY')) {
    throw new KeyImportError(
      'This PEM is in the older PKCS#1/SEC1 format; WebCrypto reads PKCS#8 only.',
      'Convert it: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem, then paste the "BEGIN PRIVATE KEY" PEM.',
    );
  }
  if (pem.includes('ENCRYPTED PRIVATE KEY')) {
    throw new KeyImportError('This PEM is encrypted with a passphrase.', 'Decrypt it first: openssl pkcs8 -in key.pem -nocrypt -out key-plain.pem.');
  }
  try {
    // Extractable only for this moment, to read the public half.
    return await exportJWK(await importPKCS8(pem, alg, { extractable: true }));
  } catch (e) {
    throw new KeyImportError(
      `The PEM could not be read as a ${alg} private key: ${errorText(e)}`,
      `Paste a PKCS#8 "BEGIN PRIVATE KEY" PEM of ${alg === 'RS384' ? 'an RSA key' : 'a P-384 EC key'}, or switch the algorithm.`,
    );
  }
}

function jwkFromJson(text: string): JWK {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KeyImportError('The pasted text is neither a PEM nor JSON.', 'Paste a PKCS#8 PEM private key or a private JWK (JSON with "d").');
  }
  if (typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys)) {
    const withD = (value as { keys: JWK[] }).keys.find((k) => typeof k === 'object' && k !== null && 'd' in k);
    if (!withD) throw new KeyImportError('The pasted JWKS holds only public keys.', 'Paste the private JWK (it has a "d" member).');
    return withD;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KeyImportError('The pasted JSON is not a JWK object.', 'Paste a private JWK such as {"kty":"EC","crv":"P-384","x":…,"y":…,"d":…}.');
  }
  const jwk = value as JWK;
  if (!('d' in jwk))
    throw new KeyImportError('The pasted JWK is a public key (it has no "d").', 'Signing needs the private key: paste the JWK with its "d" member.');
  return jwk;
}

/** The JWK Set to register: the public key only. */
export function jwksOf(publicJwk: JWK): { keys: JWK[] } {
  return { keys: [publicJwk] };
}
