import { describe, expect, it } from 'vitest';
import { loopbackAliases, parsePublicOrigin, resolvePublicOrigin } from '../../../mocks/http/config';

describe("the mock server's published origin comes from configuration", () => {
  it('is http://{HOST}:{PORT} by default', () => {
    expect(resolvePublicOrigin('127.0.0.1', 4010, undefined)).toEqual({ ok: true, origin: 'http://127.0.0.1:4010' });
    expect(resolvePublicOrigin('::1', 4010, undefined)).toEqual({ ok: true, origin: 'http://[::1]:4010' });
  });

  it('is PUBLIC_ORIGIN when set, as an origin only', () => {
    expect(resolvePublicOrigin('0.0.0.0', 4010, 'http://192.168.1.20:4010')).toEqual({ ok: true, origin: 'http://192.168.1.20:4010' });
    expect(parsePublicOrigin('http://192.168.1.20:4010/')).toEqual({ ok: true, origin: 'http://192.168.1.20:4010' });
    const withPath = parsePublicOrigin('http://192.168.1.20:4010/mock');
    expect(withPath.ok).toBe(false);
    expect(!withPath.ok && withPath.message).toMatch(/origin only/);
    expect(parsePublicOrigin('not a url').ok).toBe(false);
    expect(parsePublicOrigin('ftp://x').ok).toBe(false);
  });

  it('maps a wildcard bind to the first LAN address, or refuses with a message asking for PUBLIC_ORIGIN', () => {
    const mapped = resolvePublicOrigin('0.0.0.0', 4010, undefined, () => '192.0.2.7');
    expect(mapped).toMatchObject({ ok: true, origin: 'http://192.0.2.7:4010' });
    const refused = resolvePublicOrigin('::', 4010, undefined, () => undefined);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(/PUBLIC_ORIGIN=http:\/\//);
  });

  it('knows the other spelling of a loopback origin, and nothing for a LAN one', () => {
    expect(loopbackAliases('http://127.0.0.1:4010')).toEqual(['http://localhost:4010']);
    expect(loopbackAliases('http://192.168.1.20:4010')).toEqual([]);
  });
});
