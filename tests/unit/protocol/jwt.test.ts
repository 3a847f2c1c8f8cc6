import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { StepFailure } from '../../../src/flows/flow';
import { assertIdTokenValid, decodeJwt, verifyIdToken } from '../../../src/protocol/jwt';

const ISSUER = 'https://fhir.example.org/r4';
const CLIENT = 'growth-chart';
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const nowSec = Math.floor(NOW / 1000);

let rsKey: { privateKey: CryptoKey; publicJwk: JWK };
let esKey: { privateKey: CryptoKey; publicJwk: JWK };
let otherKey: { privateKey: CryptoKey; publicJwk: JWK };

async function keyPair(alg: 'RS256' | 'ES256', kid: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

beforeAll(async () => {
  rsKey = await keyPair('RS256', 'rs-1');
  esKey = await keyPair('ES256', 'es-1');
  otherKey = await keyPair('RS256', 'rs-1'); // same kid, different key: an impostor
});

function sign(claims: Record<string, unknown>, key = rsKey, header: Record<string, unknown> = {}) {
  const alg = key.publicJwk.alg as string;
  return new SignJWT({
    iss: ISSUER,
    aud: CLIENT,
    sub: 'pr-lotte',
    iat: nowSec - 10,
    exp: nowSec + 300,
    nonce: 'n-123',
    fhirUser: `${ISSUER}/Practitioner/pr-lotte`,
    ...claims,
  })
    .setProtectedHeader({ alg, kid: key.publicJwk.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}

const jwks = () => ({ keys: [rsKey.publicJwk, esKey.publicJwk] });
const verify = (idToken: string, extra: Partial<Parameters<typeof verifyIdToken>[0]> = {}) =>
  verifyIdToken({ idToken, jwks: jwks(), issuer: ISSUER, audience: CLIENT, nonce: 'n-123', now: NOW, ...extra });
const check = (a: Awaited<ReturnType<typeof verify>>, name: string) => a.checks!.find((c) => c.name === name)!;

describe('decodeJwt', () => {
  it('decodes header and payload', async () => {
    const { header, payload } = decodeJwt(await sign({}));
    expect(header).toMatchObject({ alg: 'RS256', kid: 'rs-1' });
    expect(payload).toMatchObject({ iss: ISSUER, sub: 'pr-lotte' });
  });

  it.each([
    ['an opaque token', 'c3f1a0e2-5b8e-4a55-9a55-3e2b1f0e9a11', /1 part /],
    ['two parts', 'abc.def', /2 parts/],
    ['a JWE', 'a.b.c.d.e', /encrypted/],
    ['a header that is not JSON', 'bm90IGpzb24.e30.sig', /header/],
    ['a payload that is not JSON', 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.sig', /payload/],
  ])('explains %s', (_name, token, message) => {
    try {
      decodeJwt(token);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StepFailure);
      expect((e as StepFailure).error.code).toBe('malformed_jwt');
      expect((e as StepFailure).error.message).toMatch(message);
    }
  });
});

describe('verifyIdToken', () => {
  it('accepts a valid RS256 token and reports every check as passed', async () => {
    const artifact = await verify(await sign({}));
    expect(artifact.kind).toBe('jwt');
    expect(artifact.signature.kind).toBe('valid');
    expect(artifact.checks!.map((c) => c.name)).toEqual(['signature', 'kid', 'iss', 'aud', 'exp', 'iat', 'nonce']);
    expect(artifact.checks!.every((c) => c.ok)).toBe(true);
    expect(artifact.payload.fhirUser).toBe(`${ISSUER}/Practitioner/pr-lotte`);
    expect(() => assertIdTokenValid(artifact)).not.toThrow();
  });

  it('accepts an ES256 token', async () => {
    expect((await verify(await sign({}, esKey))).signature.kind).toBe('valid');
  });

  it('reports a token signed by another key as invalid', async () => {
    const artifact = await verify(await sign({}, otherKey));
    expect(artifact.signature).toMatchObject({ kind: 'invalid', detail: expect.stringMatching(/does not verify/) });
    expect(check(artifact, 'signature').ok).toBe(false);
    expect(() => assertIdTokenValid(artifact)).toThrow(StepFailure);
  });

  it('reports a tampered payload as invalid', async () => {
    const [h, , s] = (await sign({})).split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ iss: ISSUER, aud: CLIENT, sub: 'p-anna', iat: nowSec, exp: nowSec + 60, nonce: 'n-123' })).toString('base64url')}.${s}`;
    expect((await verify(forged)).signature.kind).toBe('invalid');
  });

  it('reports an expired token, with a valid signature', async () => {
    const artifact = await verify(await sign({ iat: nowSec - 7200, exp: nowSec - 3600 }));
    expect(artifact.signature.kind).toBe('valid');
    expect(check(artifact, 'exp')).toMatchObject({ ok: false, detail: expect.stringMatching(/expired .* 60 min ago/) });
  });

  it('allows a little clock skew', async () => {
    const artifact = await verify(await sign({ exp: nowSec - 30 }));
    expect(check(artifact, 'exp').ok).toBe(true);
  });

  it('reports a token issued for another client', async () => {
    const artifact = await verify(await sign({ aud: 'someone-else' }));
    expect(artifact.signature.kind).toBe('valid');
    expect(check(artifact, 'aud')).toMatchObject({ ok: false, detail: expect.stringContaining('someone-else') });
  });

  it('reports another issuer, even one differing by a trailing slash', async () => {
    const artifact = await verify(await sign({ iss: `${ISSUER}/` }));
    expect(check(artifact, 'iss')).toMatchObject({ ok: false, detail: expect.stringMatching(/trailing slash/) });
  });

  it('reports a wrong or missing nonce', async () => {
    expect(check(await verify(await sign({ nonce: 'other' })), 'nonce')).toMatchObject({ ok: false, detail: expect.stringContaining('"other"') });
    expect(check(await verify(await sign({ nonce: undefined })), 'nonce')).toMatchObject({ ok: false, detail: expect.stringMatching(/has none/) });
    expect(check(await verify(await sign({}), { nonce: undefined }), 'nonce').ok).toBe(true);
  });

  it('reports a kid that is not in the JWKS as unverified', async () => {
    const artifact = await verify(await sign({}, rsKey, { kid: 'rotated-away' }));
    expect(artifact.signature.kind).toBe('unverified');
    expect(check(artifact, 'kid')).toMatchObject({ ok: false, detail: expect.stringMatching(/No key "rotated-away".*"rs-1", "es-1"/) });
    expect(() => assertIdTokenValid(artifact)).toThrow(/signature, kid/);
  });

  it('refuses alg none and HMAC', async () => {
    const payload = Buffer.from(JSON.stringify({ iss: ISSUER, aud: CLIENT, iat: nowSec, exp: nowSec + 60 })).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    expect((await verify(none)).signature).toMatchObject({ kind: 'invalid', detail: expect.stringMatching(/unsigned/) });
    const hs = await new SignJWT({ iss: ISSUER, aud: CLIENT }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)));
    expect((await verify(hs)).signature).toMatchObject({ kind: 'invalid', detail: expect.stringMatching(/not accepted/) });
  });

  it('reports a malformed token instead of throwing', async () => {
    const artifact = await verify('not-a-jwt');
    expect(artifact.signature.kind).toBe('invalid');
    expect(artifact.checks).toEqual([{ name: 'format', ok: false, detail: expect.stringMatching(/not a JWT/) }]);
    expect(() => assertIdTokenValid(artifact)).toThrow(StepFailure);
  });

  it('finds the right key when the header has no kid and the JWKS holds several', async () => {
    const second = await keyPair('RS256', 'rs-2');
    const token = await new SignJWT({ iss: ISSUER, aud: CLIENT, iat: nowSec, exp: nowSec + 60, nonce: 'n-123' })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(second.privateKey);
    const artifact = await verify(token, { jwks: { keys: [rsKey.publicJwk, second.publicJwk] } });
    expect(artifact.signature.kind).toBe('valid');
    expect(check(artifact, 'kid').ok).toBe(false); // the issuer should name its key
  });

  it('summarises every failed check when asserting', async () => {
    const artifact = await verify(await sign({ aud: 'x', nonce: 'y', iat: nowSec - 7200, exp: nowSec - 3600 }));
    try {
      assertIdTokenValid(artifact);
      expect.unreachable();
    } catch (e) {
      const error = (e as StepFailure).error;
      expect(error.code).toBe('invalid_id_token');
      expect(error.message).toMatch(/3 checks: aud, exp, nonce/);
      expect(error.cause).toMatch(/aud: .*exp: .*nonce: /);
      expect(error.spec?.url).toContain('IDTokenValidation');
    }
  });
});
