import { describe, expect, it } from 'vitest';
import { buildTokenRequest, clientSecretBasic, explainClientAuthentication } from '../../../src/protocol/token-request';
import { parseBasic } from '../../../mocks/smart-auth/client-auth';

/** What a server reads from the header: base64, then split at the first colon, then form-decode each half. */
function decodeBasic(header: string): { raw: string; id: string; secret: string } {
  const raw = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
  const colon = raw.indexOf(':');
  const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  return { raw, id: formDecode(raw.slice(0, colon)), secret: formDecode(raw.slice(colon + 1)) };
}

describe('client_secret_basic (RFC 6749 §2.3.1)', () => {
  it('form-urlencodes client_id and secret before base64, so a colon in the secret cannot split it wrongly', () => {
    const header = clientSecretBasic('my-app', 'pa:ss');
    const { raw, id, secret } = decodeBasic(header);
    expect(raw).toBe('my-app:pa%3Ass');
    expect(raw.split(':')).toHaveLength(2);
    expect(id).toBe('my-app');
    expect(secret).toBe('pa:ss');
  });

  it('encodes %, + and space as the form encoding does (space is "+", "+" is %2B)', () => {
    const { raw, secret } = decodeBasic(clientSecretBasic('app one', '100%+x y'));
    expect(raw).toBe('app+one:100%25%2Bx+y');
    expect(secret).toBe('100%+x y');
  });

  it('encodes non-ASCII as UTF-8 percent-escapes, so the header is plain ASCII base64', () => {
    const header = clientSecretBasic('zorg-app', 'geheim-é€😀');
    expect(header).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
    const { raw, secret } = decodeBasic(header);
    expect(raw).toBe('zorg-app:geheim-%C3%A9%E2%82%AC%F0%9F%98%80');
    expect(secret).toBe('geheim-é€😀');
  });

  it('is read back unchanged by the mock authorization server', () => {
    expect(parseBasic(clientSecretBasic('a:b c', 's:%+é'))).toEqual({ clientId: 'a:b c', secret: 's:%+é' });
  });

  it('says when the RFC form differs from the raw id:secret form some servers expect', () => {
    const plain = explainClientAuthentication({ method: 'client_secret_basic', clientId: 'app', clientSecret: 'secret123' });
    expect(plain.formsDiffer).toBe(false);
    const special = explainClientAuthentication({ method: 'client_secret_basic', clientId: 'app', clientSecret: 's:%+é' });
    expect(special.formsDiffer).toBe(true);
    expect(special.note).toMatch(/raw/);
    expect(special.note).toMatch(/client_secret_post/);
  });
});

describe('buildTokenRequest', () => {
  it('client_secret_basic: the credentials go in the header only', () => {
    const r = buildTokenRequest({ grant_type: 'refresh_token', refresh_token: 'rt' }, { method: 'client_secret_basic', clientId: 'app', clientSecret: 's:1' });
    expect(r.headers.Authorization).toBe(clientSecretBasic('app', 's:1'));
    expect(r.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(r.body.get('client_secret')).toBeNull();
    expect(r.body.get('grant_type')).toBe('refresh_token');
  });

  it('client_secret_post: client_id and client_secret in the form, no header', () => {
    const r = buildTokenRequest({ grant_type: 'authorization_code', code: 'c' }, { method: 'client_secret_post', clientId: 'app', clientSecret: 's:1' });
    expect(r.headers.Authorization).toBeUndefined();
    expect(r.body.get('client_id')).toBe('app');
    expect(r.body.get('client_secret')).toBe('s:1');
  });

  it('a public client names itself with client_id only', () => {
    const r = buildTokenRequest({ grant_type: 'authorization_code', code: 'c' }, { method: 'none', clientId: 'pub' });
    expect(r.headers.Authorization).toBeUndefined();
    expect(r.body.get('client_id')).toBe('pub');
    expect(r.body.get('client_secret')).toBeNull();
  });
});
