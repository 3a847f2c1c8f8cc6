import { createLocalJWKSet, decodeJwt as joseDecodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { errorText, StepFailure } from './step-failure';
import type { Artifact, Check, JwtSignatureStatus } from '../journal/types';
import { SPEC } from './specs';

export type JwtArtifact = Extract<Artifact, { kind: 'jwt' }>;

/** The asymmetric algorithms an id_token may be signed with here; "none" and HMAC are refused. */
const ID_TOKEN_ALGORITHMS = ['RS256', 'RS384', 'ES256', 'ES384'] as const;

/**
 * Splits a compact JWT into its decoded header and payload, without checking
 * the signature. Throws a StepFailure that says what is wrong with a token
 * that is not a JWT.
 */
export function decodeJwt(compact: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const problem = (message: string, cause?: string) =>
    new StepFailure({
      code: 'malformed_jwt',
      message,
      cause,
      hint: 'A JWT is three base64url parts joined by dots: header.payload.signature. Check that the whole token was copied, with nothing added (quotes, "Bearer ", spaces).',
      spec: { label: 'RFC 7519 §7.2 Validating a JWT', url: SPEC.jwt.url },
    });
  const token = compact.trim();
  const parts = token.split('.');
  if (parts.length === 5) throw problem('This is an encrypted JWT (JWE, five parts); it cannot be read without the decryption key.');
  if (parts.length !== 3) {
    throw problem(
      `This is not a JWT: it has ${parts.length} part${parts.length === 1 ? '' : 's'} separated by dots, not 3.`,
      parts.length === 1 ? 'An opaque token (a random string) has no parts: only the server that issued it can tell what it means.' : undefined,
    );
  }
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token);
  } catch (e) {
    throw problem('The JWT header (the first part) is not base64url-encoded JSON.', errorText(e));
  }
  let payload: Record<string, unknown>;
  try {
    payload = joseDecodeJwt(token);
  } catch (e) {
    throw problem('The JWT payload (the second part) is not a base64url-encoded JSON object.', errorText(e));
  }
  return { header, payload };
}

export interface VerifyIdTokenInput {
  idToken: string;
  /** The JWK Set (as JSON) from the issuer's jwks_uri, fetched through the recording fetch. */
  jwks: JSONWebKeySet | { keys: Record<string, unknown>[] };
  issuer: string;
  /** The client_id. */
  audience: string;
  /** The nonce sent in the authorize request, if one was. */
  nonce?: string;
  /** The current time (Date or ms); defaults to now. */
  now?: Date | number;
  /** Seconds of clock skew allowed for exp and iat. Default 60. */
  clockToleranceSeconds?: number;
  label?: string;
}

/**
 * OpenID Connect Core §3.1.3.7: verifies an id_token's signature against the
 * issuer's JWKS (jose) and checks its claims one by one. It does not throw for
 * a bad token: it reports each check, so the learner sees which failed and
 * why. Use assertIdTokenValid to stop the flow on failure.
 */
export async function verifyIdToken(input: VerifyIdTokenInput): Promise<JwtArtifact> {
  const { idToken, issuer, audience, nonce } = input;
  const label = input.label ?? 'id_token';
  const nowMs = input.now === undefined ? Date.now() : typeof input.now === 'number' ? input.now : input.now.getTime();
  const nowSec = Math.floor(nowMs / 1000);
  const tolerance = input.clockToleranceSeconds ?? 60;

  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    ({ header, payload } = decodeJwt(idToken));
  } catch (e) {
    const detail = e instanceof StepFailure ? e.error.message : String(e);
    return {
      kind: 'jwt',
      label,
      compact: idToken,
      header: {},
      payload: {},
      signature: { kind: 'invalid', detail },
      checks: [{ name: 'format', ok: false, detail }],
    };
  }

  const kidCheck = checkKid(header, input.jwks);
  const signature = await verifySignature(idToken, header, input, nowMs, tolerance);
  const checks: Check[] = [
    { name: 'signature', ok: signature.kind === 'valid', detail: signature.detail },
    kidCheck,
    checkIssuer(payload, issuer),
    checkAudience(payload, audience),
    checkExp(payload, nowSec, tolerance),
    checkIat(payload, nowSec, tolerance),
    checkNonce(payload, nonce),
  ];
  return { kind: 'jwt', label, compact: idToken, header, payload, signature, checks };
}

async function verifySignature(
  idToken: string,
  header: Record<string, unknown>,
  input: VerifyIdTokenInput,
  nowMs: number,
  tolerance: number,
): Promise<JwtSignatureStatus> {
  const alg = typeof header.alg === 'string' ? header.alg : undefined;
  if (alg === 'none') {
    return { kind: 'invalid', detail: 'The token is unsigned (alg "none"); an id_token must be signed by the issuer.' };
  }
  if (!alg || !(ID_TOKEN_ALGORITHMS as readonly string[]).includes(alg)) {
    return {
      kind: 'invalid',
      detail: `The algorithm ${JSON.stringify(header.alg)} is not accepted; an id_token here must be signed with ${ID_TOKEN_ALGORITHMS.join(', ')} (the issuer's public key).`,
    };
  }
  let keySet: ReturnType<typeof createLocalJWKSet>;
  try {
    keySet = createLocalJWKSet(input.jwks);
  } catch (e) {
    return { kind: 'unverified', detail: `The JWKS is not a valid JWK Set, so the signature could not be checked: ${errorText(e)}.` };
  }
  const options = {
    algorithms: [...ID_TOKEN_ALGORITHMS],
    issuer: input.issuer,
    audience: input.audience,
    currentDate: new Date(nowMs),
    clockTolerance: tolerance,
  };
  const keyName = typeof header.kid === 'string' ? ` "${header.kid}"` : '';
  try {
    await jwtVerify(idToken, keySet, options);
    return { kind: 'valid', detail: `The ${alg} signature verifies with the issuer's key${keyName}.` };
  } catch (e) {
    let error = e;
    if (e instanceof errors.JWKSMultipleMatchingKeys) {
      // Several keys fit the header (no kid): the one that verifies decides.
      error = new errors.JWSSignatureVerificationFailed();
      for await (const key of e as unknown as AsyncIterable<CryptoKey>) {
        try {
          await jwtVerify(idToken, key, options);
          error = undefined;
          break;
        } catch (inner) {
          if (!(inner instanceof errors.JWSSignatureVerificationFailed)) {
            error = inner;
            break;
          }
        }
      }
      if (error === undefined) return { kind: 'valid', detail: `The ${alg} signature verifies with one of the issuer's keys.` };
    }
    // jose checks the signature before the claims: a claim error means the signature was good.
    if (error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTExpired) {
      return { kind: 'valid', detail: `The ${alg} signature verifies with the issuer's key${keyName} (a claim check failed; see the checks).` };
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return {
        kind: 'invalid',
        detail: "The signature does not verify with the issuer's key: the token was altered, or it was signed by another key or issuer.",
      };
    }
    if (error instanceof errors.JWKSNoMatchingKey) {
      return {
        kind: 'unverified',
        detail: `The JWKS has no ${alg} key${typeof header.kid === 'string' ? ` with kid "${header.kid}"` : ''}, so the signature could not be checked.`,
      };
    }
    return { kind: 'invalid', detail: `The token could not be verified: ${errorText(error)}.` };
  }
}

function checkKid(header: Record<string, unknown>, jwks: VerifyIdTokenInput['jwks']): Check {
  const keys = Array.isArray((jwks as { keys?: unknown }).keys) ? jwks.keys : [];
  const kids = keys.map((k) => k.kid).filter((k): k is string => typeof k === 'string');
  const list = kids.length ? kids.map((k) => `"${k}"`).join(', ') : 'none with a kid';
  if (typeof header.kid !== 'string') {
    return keys.length === 1
      ? { name: 'kid', ok: true, detail: 'The header has no kid; the JWKS has a single key, so that key is used.' }
      : { name: 'kid', ok: false, detail: `The header has no kid, and the JWKS has ${keys.length} keys: the issuer should name the key it signed with.` };
  }
  return kids.includes(header.kid)
    ? { name: 'kid', ok: true, detail: `The key "${header.kid}" is in the issuer's JWKS.` }
    : {
        name: 'kid',
        ok: false,
        detail: `No key "${header.kid}" in the issuer's JWKS (it has ${list}). The keys may have rotated (fetch the JWKS again) or the token comes from another issuer.`,
      };
}

function checkIssuer(payload: Record<string, unknown>, issuer: string): Check {
  if (payload.iss === issuer) return { name: 'iss', ok: true, detail: `iss is ${JSON.stringify(issuer)}, the expected issuer.` };
  const close = typeof payload.iss === 'string' && payload.iss.replace(/\/+$/, '') === issuer.replace(/\/+$/, '');
  return {
    name: 'iss',
    ok: false,
    detail: `iss is ${JSON.stringify(payload.iss)}, expected ${JSON.stringify(issuer)}${close ? ' (they differ only in a trailing slash, but must match exactly)' : ''}.`,
  };
}

function checkAudience(payload: Record<string, unknown>, audience: string): Check {
  const aud = payload.aud;
  const list = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
  if (!list.includes(audience)) {
    return {
      name: 'aud',
      ok: false,
      detail: `aud is ${JSON.stringify(aud)}, which does not include this client's id ${JSON.stringify(audience)}: the token was issued to another client.`,
    };
  }
  if (list.length > 1 && payload.azp !== undefined && payload.azp !== audience) {
    return {
      name: 'aud',
      ok: false,
      detail: `aud includes ${JSON.stringify(audience)}, but azp is ${JSON.stringify(payload.azp)}: the token was issued to another party.`,
    };
  }
  return { name: 'aud', ok: true, detail: `aud ${typeof aud === 'string' ? 'is' : 'includes'} this client's id ${JSON.stringify(audience)}.` };
}

function checkExp(payload: Record<string, unknown>, nowSec: number, tolerance: number): Check {
  if (typeof payload.exp !== 'number') return { name: 'exp', ok: false, detail: 'exp is missing or not a number; an id_token must say when it expires.' };
  const at = new Date(payload.exp * 1000).toISOString();
  if (payload.exp + tolerance <= nowSec) {
    return { name: 'exp', ok: false, detail: `The token expired at ${at}, ${duration(nowSec - payload.exp)} ago.` };
  }
  return { name: 'exp', ok: true, detail: `The token is valid until ${at} (${duration(Math.max(0, payload.exp - nowSec))} from now).` };
}

function checkIat(payload: Record<string, unknown>, nowSec: number, tolerance: number): Check {
  if (typeof payload.iat !== 'number') return { name: 'iat', ok: false, detail: 'iat is missing or not a number; an id_token must say when it was issued.' };
  const at = new Date(payload.iat * 1000).toISOString();
  if (payload.iat - tolerance > nowSec) {
    return { name: 'iat', ok: false, detail: `The token says it was issued at ${at}, ${duration(payload.iat - nowSec)} in the future: a clock is wrong.` };
  }
  return { name: 'iat', ok: true, detail: `Issued at ${at}.` };
}

function checkNonce(payload: Record<string, unknown>, nonce: string | undefined): Check {
  if (nonce === undefined) {
    return payload.nonce === undefined
      ? { name: 'nonce', ok: true, detail: 'No nonce was sent, and the token carries none.' }
      : { name: 'nonce', ok: true, detail: `No nonce was sent; the token carries ${JSON.stringify(payload.nonce)}, which there is nothing to compare with.` };
  }
  if (payload.nonce === undefined)
    return {
      name: 'nonce',
      ok: false,
      detail: `A nonce was sent (${JSON.stringify(nonce)}) but the token has none: the server must copy it into the id_token.`,
    };
  if (payload.nonce !== nonce) {
    return {
      name: 'nonce',
      ok: false,
      detail: `nonce is ${JSON.stringify(payload.nonce)}, but this app sent ${JSON.stringify(nonce)}: the token belongs to another sign-in (a replay?).`,
    };
  }
  return { name: 'nonce', ok: true, detail: 'nonce equals the one this app sent: the token answers this sign-in.' };
}

/** Throws a StepFailure naming every failed check of a verified id_token. */
export function assertIdTokenValid(artifact: JwtArtifact): void {
  const failed = (artifact.checks ?? []).filter((c) => !c.ok);
  if (artifact.signature.kind !== 'valid' && !failed.some((c) => c.name === 'signature' || c.name === 'format')) {
    failed.unshift({ name: 'signature', ok: false, detail: artifact.signature.detail });
  }
  if (failed.length === 0) return;
  const names = failed.map((c) => c.name);
  throw new StepFailure({
    code: 'invalid_id_token',
    message: `The ${artifact.label} failed ${failed.length === 1 ? 'the check' : `${failed.length} checks`}: ${names.join(', ')}.`,
    cause: failed.map((c) => `${c.name}: ${c.detail}`).join(' '),
    hint: hintFor(names),
    spec: SPEC.idTokenValidation,
  });
}

function hintFor(names: string[]): string {
  const first = names[0];
  switch (first) {
    case 'format':
      return 'The id_token is not a JWT. Check what the token endpoint returned in id_token.';
    case 'signature':
    case 'kid':
      return "Do not trust this token. Check that the JWKS was fetched from the issuer's jwks_uri (fetch it again if keys rotated) and that the token came from that issuer.";
    case 'iss':
      return 'The issuer must be exactly the one the app discovered (for SMART: the FHIR base or the issuer in smart-configuration). Check which server issued the token.';
    case 'aud':
      return 'An id_token is for one client: check that the client_id the app uses is the one the token was issued to.';
    case 'exp':
    case 'iat':
      return 'Check the clocks of this computer and the server; if the token really expired, sign in again.';
    case 'nonce':
      return "Start the sign-in again: the nonce ties the id_token to this browser's request, and a mismatch means the token belongs to another one.";
    default:
      return 'Do not trust this token; sign in again.';
  }
}

function duration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}
