import { describe, expect, it } from 'vitest';
import { chooseIntrospectionAuth, describeIntrospectionAuth, hintForRefusedCaller } from '../../../src/flows/backend-services/introspection-auth';

describe('how the backend client authenticates to the introspection endpoint', () => {
  it('sends its access token as a bearer token when the server advertises nothing (SMART requires servers to accept it)', () => {
    const auth = chooseIntrospectionAuth(undefined);
    expect(auth.kind).toBe('bearer');
    expect(auth.why).toContain('no introspection_endpoint_auth_methods_supported');
    expect(auth.why).toContain('SHALL accept');
    expect(describeIntrospectionAuth(auth)).toContain('Authorization: Bearer');
  });

  it('signs a fresh assertion when the server lists private_key_jwt', () => {
    const auth = chooseIntrospectionAuth(['client_secret_basic', 'private_key_jwt']);
    expect(auth.kind).toBe('private_key_jwt');
    expect(auth.why).toContain('RFC 7523 §3');
    expect(describeIntrospectionAuth(auth)).toContain('client_assertion');
  });

  it('falls back on the bearer token when the server lists only methods this client cannot use', () => {
    const auth = chooseIntrospectionAuth(['client_secret_basic']);
    expect(auth.kind).toBe('bearer');
    expect(auth.why).toContain('["client_secret_basic"]');
  });

  it('a refusal hint speaks of what was sent, never of client credentials that were not', () => {
    const bearer = hintForRefusedCaller(chooseIntrospectionAuth(undefined), undefined);
    expect(bearer).toContain('access token');
    expect(bearer).not.toMatch(/client credentials/);
    const assertion = hintForRefusedCaller(chooseIntrospectionAuth(['private_key_jwt']), ['private_key_jwt']);
    expect(assertion).toContain('client assertion');
  });
});
