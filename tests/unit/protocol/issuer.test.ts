import { describe, expect, it } from 'vitest';
import { checkResponseIssuer } from '../../../src/protocol/issuer';

const AS = 'https://as.example/fhir';

describe('RFC 9207: the iss of an authorization response', () => {
  it('equal to the issuer the app sent the user to: accepted, and shown beside the expected one', () => {
    const check = checkResponseIssuer(AS, AS, true);
    expect(check.kind).toBe('matches');
    expect(check.kind === 'matches' && check.artifact).toMatchObject({ kind: 'compare', sent: AS, returned: AS, equal: true });
  });

  it('another issuer: refused as issuer_mismatch (a mix-up)', () => {
    const check = checkResponseIssuer(AS, 'https://evil.example', false);
    expect(check.kind === 'refused' && check.error.code).toBe('issuer_mismatch');
  });

  it('a trailing slash is another issuer (compared character for character, §2.4)', () => {
    expect(checkResponseIssuer(AS, `${AS}/`, true).kind).toBe('refused');
  });

  it('absent while discovery promised it: refused as issuer_missing', () => {
    const check = checkResponseIssuer(AS, null, true);
    expect(check.kind === 'refused' && check.error.code).toBe('issuer_missing');
  });

  it('absent from a server that never promised it: nothing to compare', () => {
    expect(checkResponseIssuer(AS, null, false).kind).toBe('not-sent');
  });
});
