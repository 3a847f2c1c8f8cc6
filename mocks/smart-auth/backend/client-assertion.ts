import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import type { MockEnv } from '../../core/server';
import type { SmartEndpoints } from '../endpoints';
import { findBackendClient, isRegisteredClient } from './client-record';
import { resolveClientKeys } from './client-keys';
import { algForKey, BACKEND_ALGS, isBackendAlg } from './jwks';
import { errorText } from '../../../src/protocol/step-failure';

/**
 * private_key_jwt client authentication (RFC 7523 §2.2, SMART Backend Services).
 * Called by the token endpoint for grant_type=client_credentials and by the
 * introspection endpoint when a client authenticates with an assertion.
 */
export type AssertionCheck =
  | { ok: true; clientId: string }
  /** error is always invalid_client (RFC 6749 §5.2); description names the failed check. */
  | { ok: false; error: 'invalid_client' | 'invalid_request'; description: string };

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** SMART Backend Services: "exp ... no more than five minutes in the future". */
const MAX_ASSERTION_LIFETIME_S = 300;

const refuse = (description: string): AssertionCheck => ({ ok: false, error: 'invalid_client', description });
const jtiKey = (clientId: string, jti: string) => `smart:jti:${clientId}:${jti}`;
const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

function algProblem(alg: unknown): string | undefined {
  if (isBackendAlg(alg)) return undefined;
  if (alg === 'none') {
    return 'alg "none" means the assertion is unsigned, so anyone could have written it; sign it with RS384 or ES384';
  }
  if (typeof alg === 'string' && alg.startsWith('HS')) {
    return (
      `alg ${alg} is a shared-secret MAC, but a backend client shares no secret with this server: ` +
      'it signs with its private key and the server verifies with the registered public key (RS384 or ES384). ' +
      'Accepting HS* here would let anyone holding the public key forge assertions'
    );
  }
  return `alg must be one of ${BACKEND_ALGS.join(', ')} (SMART Backend Services), got ${JSON.stringify(alg ?? null)}`;
}

function audienceMatches(aud: unknown, tokenEndpoint: string): boolean {
  if (typeof aud === 'string') return aud === tokenEndpoint;
  // RFC 7519 allows an array; the token endpoint must be one of its values.
  return Array.isArray(aud) && aud.includes(tokenEndpoint);
}

export async function authenticateClientAssertion(env: MockEnv, endpoints: SmartEndpoints, form: URLSearchParams): Promise<AssertionCheck> {
  // --- RFC 7523 §2.2: the two form parameters
  const type = form.get('client_assertion_type');
  if (type !== JWT_BEARER_ASSERTION_TYPE) {
    return refuse(`client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}, got ${JSON.stringify(type)}`);
  }
  const assertion = form.get('client_assertion');
  if (!assertion) return refuse('client_assertion is missing: send the signed JWT that authenticates the client');
  if (assertion.split('.').length !== 3) {
    return refuse('client_assertion is not a compact JWS (three base64url parts separated by dots)');
  }

  // --- The header: how it claims to be signed, and with which key
  let header: ProtectedHeaderParameters;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch (e) {
    return refuse(`client_assertion cannot be decoded: ${errorText(e)}`);
  }
  const badAlg = algProblem(header.alg);
  if (badAlg) return refuse(badAlg);
  const alg = header.alg as string;
  if (header.typ !== undefined && header.typ.toUpperCase() !== 'JWT') {
    return refuse(`typ, when present, must be "JWT", got ${JSON.stringify(header.typ)}`);
  }
  if (typeof header.kid !== 'string' || header.kid === '') {
    return refuse('kid is missing from the header: the server needs it to pick the registered public key');
  }
  const kid = header.kid;

  // --- Who claims to be talking: iss = sub = a registered client
  if (typeof claims.iss !== 'string' || claims.iss === '') return refuse('iss is missing: it must be the client_id');
  if (claims.sub !== claims.iss) {
    return refuse(`sub must equal iss (both the client_id), got iss ${claims.iss} and sub ${JSON.stringify(claims.sub ?? null)}`);
  }
  const clientId = claims.iss;
  const formClientId = form.get('client_id');
  if (formClientId !== null && formClientId !== clientId) {
    return refuse(`client_id ${formClientId} in the form does not match the assertion's iss ${clientId}`);
  }
  const client = await findBackendClient(env.store, clientId);
  if (!client) {
    return refuse(
      (await isRegisteredClient(env.store, clientId))
        ? `client ${clientId} is not registered for private_key_jwt authentication`
        : `iss ${clientId} is not a registered client_id: register the client (and its public key) first`,
    );
  }

  // --- The claims: meant for this token endpoint, short-lived, never seen before.
  // Checked before any key is fetched (a refusal needs no signature); believed only after it verifies.
  if (!audienceMatches(claims.aud, endpoints.token)) {
    return refuse(`aud must be the token endpoint ${endpoints.token}, got ${JSON.stringify(claims.aud ?? null)}`);
  }
  const now = Math.floor(env.now() / 1000);
  if (typeof claims.exp !== 'number') return refuse('exp is missing: an assertion must expire (at most 5 minutes ahead)');
  // No clock skew is allowed: the client sets exp, so it can always leave room.
  if (claims.exp <= now) {
    return refuse(`exp ${claims.exp} (${iso(claims.exp)}) is in the past: the server's clock says ${now} (${iso(now)}); no clock skew is allowed`);
  }
  if (claims.exp > now + MAX_ASSERTION_LIFETIME_S) {
    return refuse(`exp ${claims.exp} is ${claims.exp - now} s ahead; SMART Backend Services allows at most ${MAX_ASSERTION_LIFETIME_S} s (5 minutes)`);
  }
  if (typeof claims.nbf === 'number' && claims.nbf > now) {
    return refuse(`nbf ${claims.nbf} (${iso(claims.nbf)}) is still in the future: the server's clock says ${now}`);
  }
  if (typeof claims.jti !== 'string' || claims.jti === '') {
    return refuse('jti is missing: each assertion needs a unique id so a copied assertion cannot be replayed');
  }
  const { exp, jti } = { exp: claims.exp, jti: claims.jti };
  const seen = jtiKey(clientId, jti);
  const replayed = () => refuse(`jti ${jti} was already used by client ${clientId}: an assertion is good for one request only (replay refused)`);
  if (await env.store.get(seen)) return replayed();

  // --- Which keys to trust: only what was registered (by value, or at the registered jwks_uri)
  if (header.jku !== undefined) {
    if (!client.jwks_uri) {
      return refuse(`jku ${header.jku} is in the header, but client ${clientId} registered its keys by value, so no key URL is trusted`);
    }
    if (header.jku !== client.jwks_uri) {
      return refuse(`jku must be the registered jwks_uri ${client.jwks_uri}, got ${header.jku}`);
    }
  }
  const keys = await resolveClientKeys(env, endpoints, client);
  if (!keys.ok) return refuse(keys.reason);
  const jwk = keys.keys.find((k) => k.kid === kid);
  if (!jwk) {
    return refuse(`kid ${kid} is not one of the keys in ${keys.source} (kids: ${keys.keys.map((k) => k.kid).join(', ')})`);
  }
  if (algForKey(jwk) !== alg) {
    return refuse(`the registered key ${kid} is for ${algForKey(jwk) ?? jwk.kty}, but the assertion says alg ${alg}`);
  }

  // --- The signature, before any claim is believed
  try {
    await compactVerify(assertion, await importJWK(jwk, alg), { algorithms: [alg] });
  } catch {
    return refuse(`the signature does not verify with the registered key ${kid} (${alg}): the assertion was signed with a different private key`);
  }

  // Remembered until the assertion expires (after that its exp refuses it anyway), in one step:
  // of two requests racing with the same assertion, one gets through.
  const { before } = await env.store.update<boolean>(seen, (current) => (current ? undefined : { value: true, ttlSeconds: Math.max(1, exp - now) }));
  if (before) return replayed();
  return { ok: true, clientId };
}
