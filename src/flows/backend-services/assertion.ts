import { compactVerify, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { Check, JwtSignatureStatus } from '../../journal/types';
import type { Attack, SigningAlg } from './state';

/**
 * The client assertion (RFC 7523 §2.2 and §3, SMART Backend Services
 * "Protocol details"): a JWT the client signs with its private key, saying
 * "I am client X, this is for your token endpoint, valid for a few minutes, once".
 */
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The spec's ceiling is 5 minutes; 4 leaves room for a server clock that runs a little behind. */
const ASSERTION_LIFETIME_S = 240;
export const MAX_LIFETIME_S = 300;

export interface AssertionHeader {
  alg: string;
  kid: string;
  typ: 'JWT';
  jku?: string;
}

export interface AssertionClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  jti: string;
  iat: number;
}

export interface AssertionInput {
  clientId: string;
  tokenEndpoint: string;
  fhirBase: string;
  kid: string;
  alg: SigningAlg;
  /** Registered by URL: the jku header names it. */
  jwksUri?: string;
  nowSeconds: number;
  attack: Attack;
}

export interface AssertionPlan {
  header: AssertionHeader;
  claims: AssertionClaims;
  /** claim, value, why: one row per header parameter and claim. */
  rows: string[][];
}

/** Builds the header and claims, with the chosen failure applied, and says why each is there. */
export function planAssertion(input: AssertionInput): AssertionPlan {
  const header: AssertionHeader = { alg: input.alg, kid: input.kid, typ: 'JWT' };
  if (input.jwksUri) header.jku = input.jwksUri;
  const claims: AssertionClaims = {
    iss: input.clientId,
    sub: input.clientId,
    aud: input.tokenEndpoint,
    exp: input.nowSeconds + ASSERTION_LIFETIME_S,
    jti: crypto.randomUUID(),
    iat: input.nowSeconds,
  };
  const why: Record<string, string> = {
    alg: `${input.alg}: SMART Backend Services allows RS384 and ES384 only; an asymmetric signature means the server holds no secret of the client's.`,
    kid: 'Names the registered public key the server must verify with (here its RFC 7638 thumbprint).',
    typ: '"JWT": the token is a JWT.',
    jku: "Registered by URL: the URL of the client's JWK Set. The server trusts it only because it equals the registered jwks_uri.",
    iss: 'The issuer of the assertion: the client itself, so its client_id.',
    sub: 'The subject: also the client_id (the client authenticates as itself, no user is involved).',
    aud: 'The token endpoint URL, exactly: an assertion made for one server cannot be used at another.',
    exp: `Expiry, at most 5 minutes ahead (here ${ASSERTION_LIFETIME_S} s): a stolen assertion is soon useless.`,
    jti: 'A random, unique id: the server remembers it until exp and refuses a second use (no replay).',
    iat: 'When it was made (optional, informative).',
  };

  switch (input.attack) {
    case 'exp-10-min':
      claims.exp = input.nowSeconds + 600;
      why.exp = 'FAILURE TO TRY: 10 minutes ahead. The server must refuse anything beyond 5 minutes.';
      break;
    case 'wrong-aud':
      claims.aud = input.fhirBase;
      why.aud = 'FAILURE TO TRY: the FHIR base instead of the token endpoint (a common slip). The server must refuse it.';
      break;
    case 'alg-hs256':
      header.alg = 'HS256';
      why.alg = 'FAILURE TO TRY: HS256 is an HMAC with a shared secret. The server has no secret of this client, and must never accept HS* here.';
      break;
    case 'unregistered-key':
      why.kid = 'FAILURE TO TRY: the registered kid, but the assertion is signed with a fresh private key the server never saw.';
      break;
    case 'replayed-jti':
      why.jti = 'FAILURE TO TRY: this same assertion (same jti) will be sent twice. The second must be refused.';
      break;
    case 'none':
      break;
  }

  const rows: string[][] = [
    ...Object.entries(header).map(([k, v]) => [`header.${k}`, String(v), why[k]]),
    ...Object.entries(claims).map(([k, v]) => [k, k === 'exp' || k === 'iat' ? `${v} (${new Date((v as number) * 1000).toISOString()})` : String(v), why[k]]),
  ];
  return { header, claims, rows };
}

export async function signAssertion(header: AssertionHeader, claims: AssertionClaims, key: CryptoKey): Promise<string> {
  return new SignJWT(claims as unknown as JWTPayload).setProtectedHeader({ ...header }).sign(key);
}

/** Verifies the signature locally against the registered public key, as the server will. */
export async function verifyLocally(compact: string, header: AssertionHeader, publicJwk: JWK | undefined): Promise<JwtSignatureStatus> {
  if (header.alg.startsWith('HS')) {
    return {
      kind: 'unverified',
      detail: `${header.alg} is a MAC over a shared secret: a public key cannot check it, and the server has no secret to check it with.`,
    };
  }
  if (!publicJwk) return { kind: 'unverified', detail: 'No public key to verify with.' };
  try {
    await compactVerify(compact, await importJWK(publicJwk, header.alg), { algorithms: [header.alg] });
    return { kind: 'valid', detail: `Verified here against the registered public key ${String(publicJwk.kid)} (${header.alg}), as the server will.` };
  } catch {
    return { kind: 'invalid', detail: `Does not verify against the registered public key ${String(publicJwk.kid)}: it was signed with another private key.` };
  }
}

/** The checks a strict server makes on the header and claims, computed before sending. */
export function claimChecks(
  header: AssertionHeader,
  claims: AssertionClaims,
  expected: { clientId: string; tokenEndpoint: string; nowSeconds: number },
): Check[] {
  const lifetime = claims.exp - expected.nowSeconds;
  return [
    { name: 'alg is RS384 or ES384', ok: header.alg === 'RS384' || header.alg === 'ES384', detail: header.alg },
    { name: 'iss = sub = client_id', ok: claims.iss === expected.clientId && claims.sub === expected.clientId, detail: `iss ${claims.iss}, sub ${claims.sub}` },
    { name: 'aud = token endpoint', ok: claims.aud === expected.tokenEndpoint, detail: `aud ${claims.aud}; token endpoint ${expected.tokenEndpoint}` },
    { name: 'exp at most 5 minutes ahead', ok: lifetime > 0 && lifetime <= MAX_LIFETIME_S, detail: `${lifetime} s from now (limit ${MAX_LIFETIME_S} s)` },
    { name: 'jti present', ok: typeof claims.jti === 'string' && claims.jti.length > 0, detail: claims.jti },
  ];
}
