import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { claimChecks, MAX_LIFETIME_S, planAssertion, signAssertion, verifyLocally, type AssertionInput } from '../../../src/flows/backend-services/assertion';
import { generateSigningKey, generateStrangerKey } from '../../../src/flows/backend-services/keys';

const input: AssertionInput = {
  clientId: 'backend-123',
  tokenEndpoint: 'http://localhost/mock/smart/auth/token',
  fhirBase: 'http://localhost/mock/smart/fhir',
  kid: 'kid-1',
  alg: 'RS384',
  nowSeconds: 1_800_000_000,
  attack: 'none',
};

describe('building the client assertion', () => {
  it('has every claim SMART Backend Services requires, with aud = the token endpoint and exp at most 5 minutes ahead', () => {
    const { header, claims, rows } = planAssertion(input);
    expect(header).toEqual({ alg: 'RS384', kid: 'kid-1', typ: 'JWT' });
    expect(claims.iss).toBe('backend-123');
    expect(claims.sub).toBe('backend-123');
    expect(claims.aud).toBe(input.tokenEndpoint);
    expect(claims.exp - input.nowSeconds).toBeGreaterThan(0);
    expect(claims.exp - input.nowSeconds).toBeLessThanOrEqual(300);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    // Every header parameter and claim is explained.
    expect(rows.map((r) => r[0])).toEqual(['header.alg', 'header.kid', 'header.typ', 'iss', 'sub', 'aud', 'exp', 'jti', 'iat']);
    expect(rows.every((r) => r[2].length > 10)).toBe(true);
    expect(claimChecks(header, claims, { clientId: 'backend-123', tokenEndpoint: input.tokenEndpoint, nowSeconds: input.nowSeconds }).every((c) => c.ok)).toBe(
      true,
    );
  });

  it('gives every assertion its own jti', () => {
    const jtis = new Set(Array.from({ length: 50 }, () => planAssertion(input).claims.jti));
    expect(jtis.size).toBe(50);
  });

  it('names the registered jwks_uri in jku when registered by URL', () => {
    const { header, rows } = planAssertion({ ...input, jwksUri: 'http://localhost/mock/smart/jwks-host/a.json' });
    expect(header.jku).toBe('http://localhost/mock/smart/jwks-host/a.json');
    expect(rows.some((r) => r[0] === 'header.jku')).toBe(true);
  });

  it('applies each failure to the one claim it breaks, and the local checks see it', () => {
    const expected = { clientId: input.clientId, tokenEndpoint: input.tokenEndpoint, nowSeconds: input.nowSeconds };
    const long = planAssertion({ ...input, attack: 'exp-10-min' });
    expect(long.claims.exp - input.nowSeconds).toBe(600);
    expect(claimChecks(long.header, long.claims, expected).find((c) => c.name.startsWith('exp'))?.ok).toBe(false);
    const aud = planAssertion({ ...input, attack: 'wrong-aud' });
    expect(aud.claims.aud).toBe(input.fhirBase);
    expect(claimChecks(aud.header, aud.claims, expected).find((c) => c.name.startsWith('aud'))?.ok).toBe(false);
    const hs = planAssertion({ ...input, attack: 'alg-hs256' });
    expect(hs.header.alg).toBe('HS256');
    expect(claimChecks(hs.header, hs.claims, expected).find((c) => c.name.startsWith('alg'))?.ok).toBe(false);
    expect(planAssertion({ ...input, attack: 'exp-10-min' }).claims.exp).toBeGreaterThan(input.nowSeconds + MAX_LIFETIME_S);
  });
});

describe('signing', () => {
  it.each(['RS384', 'ES384'] as const)('signs %s with a non-extractable key and verifies against the public JWK', async (alg) => {
    const key = await generateSigningKey(alg);
    expect(key.signingKey.extractable).toBe(false);
    expect(key.publicJwk).not.toHaveProperty('d');
    const { header, claims } = planAssertion({ ...input, alg, kid: key.id });
    const compact = await signAssertion(header, claims, key.signingKey);
    expect(decodeProtectedHeader(compact)).toEqual({ alg, kid: key.id, typ: 'JWT' });
    expect(decodeJwt(compact)).toEqual(claims);
    expect((await verifyLocally(compact, header, key.publicJwk)).kind).toBe('valid');
  });

  it('reports a signature by an unregistered key as invalid against the registered key', async () => {
    const registered = await generateSigningKey('RS384');
    const stranger = await generateStrangerKey('RS384');
    const { header, claims } = planAssertion({ ...input, kid: registered.id, attack: 'unregistered-key' });
    const compact = await signAssertion(header, claims, stranger.signingKey);
    expect((await verifyLocally(compact, header, registered.publicJwk)).kind).toBe('invalid');
  });
});
