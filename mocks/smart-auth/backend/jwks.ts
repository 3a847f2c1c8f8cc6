import { base64url, importJWK, type JWK } from 'jose';
import { errorText } from '../../../src/protocol/step-failure';

/**
 * The public keys a backend client registers (SMART Backend Services,
 * "Registering a SMART Backend Service"): RSA keys for RS384 or P-384 EC keys
 * for ES384, each with a `kid`, and never a private member.
 */
export const BACKEND_ALGS = ['RS384', 'ES384'] as const;
export type BackendAlg = (typeof BACKEND_ALGS)[number];

export function isBackendAlg(alg: unknown): alg is BackendAlg {
  return typeof alg === 'string' && (BACKEND_ALGS as readonly string[]).includes(alg);
}

export interface PublicJwks {
  keys: JWK[];
}

export type JwksCheck = { ok: true; jwks: PublicJwks } | { ok: false; reason: string };

// Members that only a private (or symmetric) key has: publishing one leaks the key.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The algorithm a public key serves: its own `alg`, or the one its type implies. */
export function algForKey(key: JWK): BackendAlg | undefined {
  if (isBackendAlg(key.alg)) return key.alg;
  if (key.alg !== undefined) return undefined;
  if (key.kty === 'RSA') return 'RS384';
  if (key.kty === 'EC' && key.crv === 'P-384') return 'ES384';
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function validatePublicKey(value: unknown, where: string): Promise<string | undefined> {
  if (!isObject(value)) return `${where} must be a JSON object (a JWK)`;
  const key = value as JWK;
  for (const member of PRIVATE_MEMBERS) {
    if (member in key) {
      return `${where} contains the private member "${member}": register only the public key, and treat this private key as leaked`;
    }
  }
  if (typeof key.kid !== 'string' || key.kid.length === 0) {
    return `${where} has no "kid": the client assertion names its key by kid, so every registered key needs one`;
  }
  if (key.kty !== 'RSA' && key.kty !== 'EC') {
    return `${where} (kid ${key.kid}) has kty ${JSON.stringify(key.kty)}: SMART Backend Services keys are RSA (RS384) or EC (ES384)`;
  }
  if (key.alg !== undefined && !isBackendAlg(key.alg)) {
    return `${where} (kid ${key.kid}) has alg ${JSON.stringify(key.alg)}: only RS384 and ES384 are allowed (or leave alg out)`;
  }
  if (key.alg === 'RS384' && key.kty !== 'RSA') return `${where} (kid ${key.kid}) says alg RS384 but is not an RSA key`;
  if (key.alg === 'ES384' && key.kty !== 'EC') return `${where} (kid ${key.kid}) says alg ES384 but is not an EC key`;
  if (key.kty === 'EC' && key.crv !== 'P-384') {
    return `${where} (kid ${key.kid}) is on curve ${JSON.stringify(key.crv)}: ES384 needs P-384`;
  }
  if (key.use !== undefined && key.use !== 'sig') {
    return `${where} (kid ${key.kid}) has use ${JSON.stringify(key.use)}: a client assertion key is for signatures ("sig")`;
  }
  if (key.key_ops !== undefined && !(Array.isArray(key.key_ops) && key.key_ops.includes('verify'))) {
    return `${where} (kid ${key.kid}) has key_ops without "verify"`;
  }
  if (key.kty === 'RSA' && typeof key.n === 'string') {
    let bits: number;
    try {
      bits = base64url.decode(key.n).length * 8;
    } catch {
      return `${where} (kid ${key.kid}) has an "n" that is not base64url`;
    }
    if (bits < 2048) return `${where} (kid ${key.kid}) is a ${bits}-bit RSA key: at least 2048 bits are needed`;
  }
  try {
    await importJWK(key, algForKey(key));
  } catch (e) {
    return `${where} (kid ${key.kid}) is not a usable ${key.kty} public key: ${errorText(e)}`;
  }
  return undefined;
}

/** Check a JWKS holds only usable public signing keys with distinct kids. */
export async function validatePublicJwks(value: unknown, where = 'jwks'): Promise<JwksCheck> {
  if (!isObject(value)) return { ok: false, reason: `${where} must be a JSON object {"keys": [...]}` };
  const keys = value.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    return { ok: false, reason: `${where}.keys must be a non-empty array of public JWKs` };
  }
  const seen = new Set<string>();
  for (let i = 0; i < keys.length; i++) {
    const problem = await validatePublicKey(keys[i], `${where}.keys[${i}]`);
    if (problem) return { ok: false, reason: problem };
    const kid = (keys[i] as JWK).kid as string;
    if (seen.has(kid)) return { ok: false, reason: `${where} has two keys with kid ${kid}: kids must be unique` };
    seen.add(kid);
  }
  return { ok: true, jwks: { keys: keys as JWK[] } };
}
