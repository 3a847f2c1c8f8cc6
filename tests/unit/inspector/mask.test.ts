import { describe, expect, it } from 'vitest';
import { evidenceOf, maskUrl } from '../../../mocks/inspector/mask';

describe('evidence masking', () => {
  it('masks codes and tokens in URLs, keeping their length and the other parameters as sent', () => {
    expect(maskUrl('http://localhost:3000/cb?code=W2kGabcdefghijklmnop&state=abc%20123')).toBe('http://localhost:3000/cb?code=W2kG…(20 chars)&state=abc%20123');
    expect(maskUrl('http://x/fhir/Patient/p?access_token=secret-token-value')).toBe('http://x/fhir/Patient/p?access_token=secr…(18 chars)');
  });

  it("masks the Authorization header, secrets in a form body, and a client assertion's signature only", () => {
    const e = evidenceOf({
      id: 'r',
      at: 0,
      kind: 'token',
      method: 'POST',
      url: 'http://x/auth/token',
      headers: [
        ['authorization', 'Basic YXBwOnNlY3JldHNlY3JldA=='],
        ['content-type', 'application/x-www-form-urlencoded'],
      ],
      body: 'grant_type=client_credentials&client_secret=supersecretvalue&client_assertion=aGVhZA.Y2xhaW1z.c2lnbmF0dXJl',
      response: { status: 200 },
    });
    expect(e.headers).toEqual([
      ['authorization', 'Basic YXBw…(24 chars)'],
      ['content-type', 'application/x-www-form-urlencoded'],
    ]);
    expect(e.body).toBe('grant_type=client_credentials&client_secret=supe…(16 chars)&client_assertion=aGVhZA.Y2xhaW1z.…(signature, 12 chars)');
  });
});
