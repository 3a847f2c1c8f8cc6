import { describe, expect, it } from 'vitest';
import { digidArtifactResolveUrl, digidEntityId, digidSsoUrl } from '../../../mocks/digid/endpoints';
import { encodeRedirectMessage } from '../../../mocks/digid/saml/encoding';
import { buildArtifactResolve, buildAuthnRequest, newSamlId, parseArtifactResponse, samlInstant, STATUS } from '../../../mocks/digid/saml/messages';
import { call, createTestMocks, ORIGIN, pageAction } from '../medmij/helpers/mocks';

const SP = `${ORIGIN}/mock/medmij/umcharderwijk/saml/sp`;
const ACS = `${ORIGIN}/mock/medmij/umcharderwijk/saml/acs`;

async function ssoUrl(now: number, overrides: Partial<Parameters<typeof buildAuthnRequest>[0]> = {}, relay = 'session-1', sso = digidSsoUrl(ORIGIN)) {
  const xml = buildAuthnRequest({
    id: newSamlId(),
    issueInstant: samlInstant(now),
    destination: sso,
    assertionConsumerServiceUrl: ACS,
    issuer: SP,
    level: 'substantieel',
    ...overrides,
  });
  const url = new URL(sso);
  url.searchParams.set('SAMLRequest', await encodeRedirectMessage(xml));
  url.searchParams.set('RelayState', relay);
  return url.href;
}

function resolve(mocks: ReturnType<typeof createTestMocks>, artifact: string, issuer = SP) {
  return call(mocks.server, digidArtifactResolveUrl(ORIGIN), {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: buildArtifactResolve({ id: newSamlId(), issueInstant: samlInstant(mocks.env.now()), issuer, artifact }),
  });
}

describe('DigiD mock', () => {
  it('shows the login page with the decoded request and the test accounts with their ages', async () => {
    const mocks = createTestMocks();
    const url = await ssoUrl(mocks.env.now());
    const get = await call(mocks.server, url);
    expect(get.headers.get('x-mock-serve-app')).toBe('1');
    const { screen } = await pageAction(mocks.server, url, { action: 'view' });
    const page = screen.page as { request: { xml: string; level: string }; accounts: { username: string; age: number }[] };
    expect(page.request.xml).toContain('samlp:AuthnRequest');
    expect(page.request.level).toBe('substantieel');
    const ages = Object.fromEntries(page.accounts.map((a) => [a.username, a.age]));
    expect(ages).toMatchObject({ 'test-chloe': 17, 'test-daan': 16, 'test-emma': 15 });
  });

  it('returns to the ACS with SAMLart and RelayState; the artifact resolves once to NameID s00000000:<BSN>', async () => {
    const mocks = createTestMocks();
    const url = await ssoUrl(mocks.env.now());
    const { screen } = await pageAction(mocks.server, url, { action: 'login', username: 'test-anna', password: 'Welkom01!' });
    const back = new URL(screen.location!);
    expect(back.origin + back.pathname).toBe(ACS);
    expect(back.searchParams.get('RelayState')).toBe('session-1');
    const artifact = back.searchParams.get('SAMLart')!;

    const res = await resolve(mocks, artifact);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const parsed = parseArtifactResponse(await res.text());
    expect(parsed.response?.status).toBe(STATUS.success);
    expect(parsed.response?.assertion?.nameId).toBe('s00000000:999990019');
    expect(parsed.response?.assertion?.classRef).toBe('urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard');
    expect(parsed.response?.assertion?.audiences).toEqual([SP]);
    expect(parsed.issuer).toBe(digidEntityId(ORIGIN));

    const again = parseArtifactResponse(await (await resolve(mocks, artifact)).text());
    expect(again.response).toBeUndefined();
  });

  it('cancel still returns an artifact; it resolves to AuthnFailed without an Assertion', async () => {
    const mocks = createTestMocks();
    const { screen } = await pageAction(mocks.server, await ssoUrl(mocks.env.now()), { action: 'cancel' });
    const artifact = new URL(screen.location!).searchParams.get('SAMLart')!;
    const parsed = parseArtifactResponse(await (await resolve(mocks, artifact)).text());
    expect(parsed.response?.status).toBe(STATUS.responder);
    expect(parsed.response?.subStatus).toBe(STATUS.authnFailed);
    expect(parsed.response?.assertion).toBeUndefined();
  });

  it('the scenario segment preselects an account, or answers for the user (cancel) without a page', async () => {
    const mocks = createTestMocks();
    const withHint = await ssoUrl(mocks.env.now(), {}, 'r', digidSsoUrl(ORIGIN, { account: '999990056' }));
    const { screen } = await pageAction(mocks.server, withHint, { action: 'view' });
    expect((screen.page as { preselect?: string }).preselect).toBe('test-emma');
    const cancel = await ssoUrl(mocks.env.now(), {}, 'r', digidSsoUrl(ORIGIN, { decision: 'cancel' }));
    const res = await call(mocks.server, cancel);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toContain('SAMLart=');
  });

  it('keeps the page on a wrong password', async () => {
    const mocks = createTestMocks();
    const res = await pageAction(mocks.server, await ssoUrl(mocks.env.now()), { action: 'login', username: 'test-anna', password: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.screen.kind).toBe('error');
  });

  it('resolves an artifact only for the service provider it was issued to', async () => {
    const mocks = createTestMocks();
    const { screen } = await pageAction(mocks.server, await ssoUrl(mocks.env.now()), { action: 'login', username: 'test-anna', password: 'Welkom01!' });
    const artifact = new URL(screen.location!).searchParams.get('SAMLart')!;
    const other = parseArtifactResponse(await (await resolve(mocks, artifact, `${ORIGIN}/mock/medmij/huisartsvandam/saml/sp`)).text());
    expect(other.status).toBe(STATUS.requestDenied);
    expect(other.response).toBeUndefined();
  });

  it('refuses requests it cannot trust with an error page, not a redirect', async () => {
    const mocks = createTestMocks();
    const now = mocks.env.now();
    const cases = [
      await ssoUrl(now, { issuer: 'https://evil.example/sp' }),
      await ssoUrl(now, { assertionConsumerServiceUrl: 'https://evil.example/acs' }),
      await ssoUrl(now - 60 * 60 * 1000),
      await ssoUrl(now, {}, 'x'.repeat(81)),
      `${digidSsoUrl(ORIGIN)}?RelayState=1`,
      (await ssoUrl(now)).replace('/mock/digid/sso', `/mock/digid/s/${'e30'}/sso`), // Destination is not the endpoint it reached
    ];
    for (const url of cases) {
      const res = await call(mocks.server, url);
      expect(res.status, url).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
  });

  it('answers a malformed ArtifactResolve with a SOAP fault', async () => {
    const mocks = createTestMocks();
    const res = await call(mocks.server, digidArtifactResolveUrl(ORIGIN), { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<nope/>' });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('soapenv:Fault');
  });
});
