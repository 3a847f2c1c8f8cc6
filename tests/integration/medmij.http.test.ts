import { describe, expect, it } from 'vitest';
import { listHostnameForLocal, localUrlForList } from '../../mocks/medmij/list-hosts';
import { mockHttpServerForFile } from '../support/mock-http-server';

/**
 * The MedMij and DigiD mocks over real HTTP, with a plain fetch client as the
 * PGO and as the browser: real 302s, the pages' decisions posted as the
 * playground's pages post them, the SOAP back channel over the network.
 */
const server = mockHttpServerForFile();

async function follow(url: string): Promise<Response> {
  return fetch(url, { redirect: 'manual' });
}

async function decide(pageUrl: string, body: Record<string, unknown>): Promise<string> {
  const u = new URL(pageUrl);
  const res = await fetch(`${u.origin}${u.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, query: u.search }),
  });
  const screen = (await res.json()) as { kind: string; location?: string };
  expect(screen.kind).toBe('redirect');
  return screen.location!;
}

describe('MedMij over real HTTP', () => {
  it('lists, DigiD, consent, token exchange and the FHIR request with a plain fetch client', async () => {
    const origin = server.origin;
    const clientId = new URL(origin).hostname;
    const redirectUri = `${origin}/callback`;

    const zalRes = await fetch(`${origin}/mock/medmij/lists/zal.xml`);
    expect(zalRes.headers.get('content-type')).toMatch(/^application\/xml/);
    const zal = await zalRes.text();
    // The ZAL names the endpoints by https names under medmij.example; the mock serves them on its own origin.
    const served = (tag: string) => localUrlForList(new RegExp(`<${tag}>([^<]+umcharderwijk[^<]+)</${tag}>`).exec(zal)![1], origin)!;
    const authorizeEndpoint = served('AuthorizationEndpointuri');
    const tokenEndpoint = served('TokenEndpointuri');
    const resourceEndpoint = served('ResourceEndpointuri');
    expect(authorizeEndpoint.startsWith(origin)).toBe(true);
    expect(await (await fetch(`${origin}/mock/medmij/lists/ocl.xml`)).text()).toContain(`<Hostname>${listHostnameForLocal(clientId)}</Hostname>`);

    const authorize = new URL(authorizeEndpoint);
    Object.entries({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: '4', state: 'http-state-1' }).forEach(([k, v]) =>
      authorize.searchParams.set(k, v),
    );
    const toDigid = await follow(authorize.href);
    expect(toDigid.status).toBe(302);
    const digidPage = toDigid.headers.get('location')!;
    expect(digidPage).toContain('/mock/digid/sso?SAMLRequest=');

    const acs = await decide(digidPage, { action: 'login', username: 'test-anna', password: 'Welkom01!' });
    expect(acs).toContain('SAMLart=');
    const toConsent = await follow(acs); // resolves the artifact over the SOAP back channel
    expect(toConsent.status).toBe(302);
    const callback = new URL(await decide(toConsent.headers.get('location')!, { action: 'decide', decision: 'allow' }));
    expect(callback.origin + callback.pathname).toBe(redirectUri);
    expect(callback.searchParams.get('state')).toBe('http-state-1');

    const tokenRes = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: redirectUri, client_id: clientId }),
    });
    expect(tokenRes.status).toBe(200);
    const token = await tokenRes.json();
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 900 });

    const fhir = await fetch(`${resourceEndpoint}/Observation?category=laboratory`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(fhir.status).toBe(200);
    const text = await fhir.text();
    expect(JSON.parse(text).resourceType).toBe('Bundle');
    expect(text).not.toContain('999990019');
  });

  it('an untrusted redirect_uri gets an HTML error page, not a redirect', async () => {
    const url = `${server.origin}/mock/medmij/umcharderwijk/oauth/authorize?response_type=code&client_id=127.0.0.1&redirect_uri=${encodeURIComponent('https://evil.example/cb')}&scope=4&state=x`;
    const res = await follow(url);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });
});
