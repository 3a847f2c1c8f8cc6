import { describe, expect, it } from 'vitest';
import { Cookie, CookieJar, MemoryCookieStore } from '../../../mocks/browser-stubs/tough-cookie';

// Called the way MSW's cookie store (msw/lib/core/utils/cookieStore.mjs) calls tough-cookie.
function mswJar(persisted: unknown[] = []) {
  const store = new MemoryCookieStore();
  const idx: MemoryCookieStore['idx'] = {};
  for (const raw of persisted) {
    const cookie = Cookie.fromJSON(raw);
    if (cookie?.domain != null && cookie.path != null) ((idx[cookie.domain] ||= {})[cookie.path] ||= {})[cookie.key] = cookie;
  }
  store.idx = idx;
  return { store, jar: new CookieJar(store) };
}
const persist = (store: MemoryCookieStore) =>
  Object.values(store.idx).flatMap((byPath) => Object.values(byPath).flatMap((byName) => Object.values(byName).map((c) => c.toJSON())));

describe("the browser build's stand-in for tough-cookie, as MSW uses it", () => {
  it('no cookies: every request gets an empty list', () => {
    expect(mswJar().jar.getCookiesSync('http://localhost:5173/mock/smart/fhir/metadata')).toEqual([]);
  });

  it('a cookie set by a response is sent back on the same host under its path, as name=value', async () => {
    const { jar } = mswJar();
    await jar.setCookie('session=abc; Path=/mock/digid; HttpOnly', 'http://localhost:5173/mock/digid/sso');
    expect(jar.getCookiesSync('http://localhost:5173/mock/digid/sso').map(String)).toEqual(['session=abc']);
    expect(jar.getCookiesSync('http://localhost:5173/mock/smart/auth/token')).toEqual([]);
    expect(jar.getCookiesSync('http://127.0.0.1:5173/mock/digid/sso')).toEqual([]);
  });

  it("the default path is the request path's directory; Max-Age=0 deletes", async () => {
    const { jar } = mswJar();
    await jar.setCookie('a=1', 'http://localhost/mock/medmij/za/oauth/authorize');
    expect(jar.getCookiesSync('http://localhost/mock/medmij/za/oauth/consent').map(String)).toEqual(['a=1']);
    expect(jar.getCookiesSync('http://localhost/mock/medmij/za/fhir')).toEqual([]);
    await jar.setCookie('a=1; Max-Age=0', 'http://localhost/mock/medmij/za/oauth/authorize');
    expect(jar.getCookiesSync('http://localhost/mock/medmij/za/oauth/consent')).toEqual([]);
  });

  it('an expired cookie is not sent', async () => {
    const { jar } = mswJar();
    await jar.setCookie('old=1; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'http://localhost/');
    expect(jar.getCookiesSync('http://localhost/')).toEqual([]);
  });

  it('survives the localStorage round trip MSW makes (toJSON, then fromJSON)', async () => {
    const first = mswJar();
    await first.jar.setCookie('k=v; Path=/mock; Max-Age=3600', 'http://localhost/mock/x');
    const again = mswJar(JSON.parse(JSON.stringify(persist(first.store))) as unknown[]);
    expect(again.jar.getCookiesSync('http://localhost/mock/y').map(String)).toEqual(['k=v']);
  });

  it('ignores what it cannot read instead of throwing', async () => {
    const { jar } = mswJar([{ nonsense: true }, 'not json', null]);
    expect(await jar.setCookie('no-equals-sign', 'http://localhost/')).toBeUndefined();
    expect(await jar.setCookie('x=1; Domain=example.org', 'http://localhost/')).toBeUndefined();
    expect(jar.getCookiesSync('http://localhost/')).toEqual([]);
  });
});
