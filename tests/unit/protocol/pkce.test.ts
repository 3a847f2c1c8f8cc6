import { describe, expect, it } from 'vitest';
import { StepFailure } from '../../../src/flows/flow';
import { calculateS256Challenge, checkCodeVerifier, generateCodeVerifier } from '../../../src/protocol/pkce';

describe('PKCE (RFC 7636)', () => {
  it('computes the S256 challenge of the RFC 7636 Appendix B example', async () => {
    await expect(calculateS256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('generates 43-character verifiers of unreserved characters, different each time', () => {
    const verifiers = Array.from({ length: 50 }, generateCodeVerifier);
    for (const v of verifiers) {
      expect(v).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
      expect(checkCodeVerifier(v)).toBeUndefined();
    }
    expect(new Set(verifiers).size).toBe(50);
  });

  it('a generated verifier round-trips to a 43-character challenge', async () => {
    const challenge = await calculateS256Challenge(generateCodeVerifier());
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['too short', 'a'.repeat(42), /42 characters.*minimum is 43/],
    ['too long', 'a'.repeat(129), /129 characters.*maximum is 128/],
    ['a plus sign (base64, not base64url)', `${'a'.repeat(42)}+`, /"\+"/],
    ['a space', `${'a'.repeat(42)} b`, /" "/],
  ])('refuses a verifier that is %s', async (_name, verifier, message) => {
    expect(checkCodeVerifier(verifier)).toMatch(message);
    const failure = await calculateS256Challenge(verifier).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StepFailure);
    expect((failure as StepFailure).error.code).toBe('invalid_code_verifier');
    expect((failure as StepFailure).error.spec?.url).toContain('rfc7636#section-4.1');
  });

  it('accepts the boundary lengths 43 and 128', () => {
    expect(checkCodeVerifier('a'.repeat(43))).toBeUndefined();
    expect(checkCodeVerifier('~'.repeat(128))).toBeUndefined();
  });
});
