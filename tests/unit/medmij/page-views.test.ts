import { describe, expect, it } from 'vitest';
import { combine, type MockEnv } from '../../../mocks/core/server';
import { MemoryStore } from '../../../mocks/core/store';
import { createDigidServer } from '../../../mocks/digid/server';
import { createMedMijServer } from '../../../mocks/medmij/server';
import { authorizeUrl } from './helpers/flow';
import { browse, pageAction } from './helpers/mocks';

/**
 * A mock page asks its server what to show with {action:'view'}. React's
 * StrictMode (npm run dev) sends that view twice at once, a reload or Back
 * sends it again later: each time the page must get the session's current
 * screen, and no one-time action (resolving the artifact, creating a session,
 * deciding the consent) may happen twice.
 */
function mocksCountingResolves() {
  const env: MockEnv = { store: new MemoryStore(), now: Date.now, appOrigins: [], transport: 'worker' };
  const digid = createDigidServer(env);
  const resolves: string[] = [];
  const backChannelFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    resolves.push(request.url);
    return (await digid(request)) ?? new Response('not found', { status: 404 });
  }) as typeof fetch;
  const server = combine(createMedMijServer(env, { backChannelFetch }), digid);
  return { env, server, resolves };
}

type Mocks = ReturnType<typeof mocksCountingResolves>;
type Screen = Awaited<ReturnType<typeof pageAction>>['screen'];

const view = (mocks: Mocks, url: string) => pageAction(mocks.server, url, { action: 'view' });

/** Up to DigiD's answer: the ACS URL with the artifact, as the browser gets it. */
async function acsUrlAfterLogin(mocks: Mocks, start = authorizeUrl({}), username = 'test-anna'): Promise<string> {
  const digidPage = await browse(mocks.server, start);
  expect(digidPage.kind).toBe('page');
  const { screen } = await pageAction(mocks.server, digidPage.url, { action: 'login', username, password: 'Welkom01!' });
  expect(screen.kind).toBe('redirect');
  expect(screen.location).toContain('/saml/acs?');
  return screen.location!;
}

function locationOf(screen: Screen): string {
  expect(screen.kind, JSON.stringify(screen)).toBe('redirect');
  return screen.location!;
}

describe('mock pages: a second view shows the same screen and does nothing twice', () => {
  it('ACS: two views at once (StrictMode) both go on to the consent page; the artifact is resolved once', async () => {
    const mocks = mocksCountingResolves();
    const acs = await acsUrlAfterLogin(mocks);
    const [first, second] = await Promise.all([view(mocks, acs), view(mocks, acs)]);
    expect(locationOf(first.screen)).toContain('/oauth/consent?session=');
    expect(second.screen).toEqual(first.screen);
    expect(mocks.resolves).toHaveLength(1);
  });

  it('ACS: a later view (reload, Back) shows the same screen without resolving again', async () => {
    const mocks = mocksCountingResolves();
    const acs = await acsUrlAfterLogin(mocks);
    const first = await view(mocks, acs);
    const again = await view(mocks, acs);
    expect(locationOf(first.screen)).toContain('/oauth/consent?session=');
    expect(again.screen).toEqual(first.screen);
    expect(mocks.resolves).toHaveLength(1);
  });

  it('ACS: an error outcome (under 16) is the same on the second view', async () => {
    const mocks = mocksCountingResolves();
    const acs = await acsUrlAfterLogin(mocks, authorizeUrl({}), 'test-emma');
    const [first, second] = await Promise.all([view(mocks, acs), view(mocks, acs)]);
    const back = new URL(locationOf(first.screen));
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'access_denied', error_description: 'No such resources.', state: 's-123' });
    expect(second.screen).toEqual(first.screen);
    expect(mocks.resolves).toHaveLength(1);
  });

  it('ACS after the consent was given: the code is not sent a second time', async () => {
    const mocks = mocksCountingResolves();
    const acs = await acsUrlAfterLogin(mocks);
    const consentUrl = locationOf((await view(mocks, acs)).screen);
    const decided = await pageAction(mocks.server, consentUrl, { action: 'decide', decision: 'allow' });
    expect(new URL(locationOf(decided.screen)).searchParams.get('code')).toBeTruthy();
    for (const url of [acs, consentUrl]) {
      const again = await view(mocks, url);
      expect(again.screen.kind).toBe('error');
      expect(again.screen.message).toMatch(/already/i);
      expect(JSON.stringify(again.screen)).not.toContain('code=');
      // The page can say when the code went back, and to which app.
      const answered = (again.screen as { answered?: { outcome: string; at?: string; redirectUri: string } }).answered;
      expect(answered?.outcome).toBe('code');
      expect(answered?.redirectUri).toMatch(/\/callback$/);
      expect(Date.now() - Date.parse(answered?.at ?? '')).toBeLessThan(60_000);
    }
  });

  it('consent page with a simulated refusal: two views give one decision and the same redirect', async () => {
    const mocks = mocksCountingResolves();
    const acs = await acsUrlAfterLogin(mocks, authorizeUrl({}, 'umcharderwijk', { consent: 'deny' }));
    const consentUrl = locationOf((await view(mocks, acs)).screen);
    const [first, second] = await Promise.all([view(mocks, consentUrl), view(mocks, consentUrl)]);
    expect(new URL(locationOf(first.screen)).searchParams.get('error_description')).toBe('Authorization denied.');
    expect(second.screen).toEqual(first.screen);
    const later = await view(mocks, consentUrl);
    expect(later.screen).toEqual(first.screen);
  });

  it('authorize: two views of one request start one session and send the browser to the same DigiD request', async () => {
    const mocks = mocksCountingResolves();
    const start = authorizeUrl({});
    const [first, second] = await Promise.all([view(mocks, start), view(mocks, start)]);
    const later = await view(mocks, start);
    expect(locationOf(first.screen)).toContain('/mock/digid/');
    expect(second.screen).toEqual(first.screen);
    expect(later.screen).toEqual(first.screen);
    expect(await mocks.env.store.keys('medmij:session:')).toHaveLength(1);
  });

  it('authorize: a new request (another state) starts a new session', async () => {
    const mocks = mocksCountingResolves();
    const a = await view(mocks, authorizeUrl({ state: 'one' }));
    const b = await view(mocks, authorizeUrl({ state: 'two' }));
    expect(locationOf(a.screen)).not.toBe(locationOf(b.screen));
  });

  it('DigiD with a simulated cancel: two views issue one artifact', async () => {
    const mocks = mocksCountingResolves();
    const digidPage = locationOf((await view(mocks, authorizeUrl({}, 'umcharderwijk', { digid: 'cancel' }))).screen);
    const [first, second] = await Promise.all([view(mocks, digidPage), view(mocks, digidPage)]);
    expect(locationOf(first.screen)).toContain('SAMLart=');
    expect(second.screen).toEqual(first.screen);
    expect(await mocks.env.store.keys('digid:artifact:')).toHaveLength(1);
  });
});
