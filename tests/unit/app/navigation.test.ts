import { describe, expect, it, vi } from 'vitest';
import { flowPathAfterReturn, runnerNavigation } from '../../../src/app/navigation';

const ORIGIN = 'http://app.test';
const AUTHORIZE = `${ORIGIN}/mock/smart/s/skip/auth/authorize?client_id=c&state=s1`;

function browser() {
  const assigned: string[] = [];
  return { assigned, location: { href: `${ORIGIN}/flows/ehr-launch?auto=1`, origin: ORIGIN, assign: (url: string) => void assigned.push(url) } };
}
const found = (location: string) => new Response(null, { status: 302, headers: { location } });
const page = () => new Response('<!doctype html>', { status: 200, headers: { 'content-type': 'text/html', 'x-mock-serve-app': '1' } });

describe('runnerNavigation: how a run sends the browser away', () => {
  it('live mode: every location is a real navigation, asked of no mock', async () => {
    const b = browser();
    const navigate = vi.fn();
    const answerHere = vi.fn();
    await runnerNavigation({ navigate, sameDocument: false, answerHere, location: b.location })(AUTHORIZE);
    expect(b.assigned).toEqual([AUTHORIZE]);
    expect(navigate).not.toHaveBeenCalled();
    expect(answerHere).not.toHaveBeenCalled();
  });

  it('mock mode: a server that needs the user (a sign-in page) is shown as a route of this document', async () => {
    const b = browser();
    const navigate = vi.fn();
    await runnerNavigation({ navigate, sameDocument: true, answerHere: async () => page(), location: b.location })(AUTHORIZE);
    expect(navigate).toHaveBeenCalledWith('/mock/smart/s/skip/auth/authorize?client_id=c&state=s1');
    expect(b.assigned).toEqual([]);
  });

  it('mock mode: a server that answers 302 is never shown; its redirect to /callback is handed to the waiting run, which stays on screen', async () => {
    const b = browser();
    const navigate = vi.fn();
    const returnHere = vi.fn(() => '/flows/ehr-launch?auto=1');
    const answerHere = vi.fn(async () => found('/callback?code=c1&state=s1'));
    await runnerNavigation({ navigate, sameDocument: true, answerHere, returnHere, location: b.location })(AUTHORIZE);
    expect(answerHere).toHaveBeenCalledWith(AUTHORIZE);
    expect(returnHere).toHaveBeenCalledWith(`${ORIGIN}/callback?code=c1&state=s1`);
    // The run is shown where the browser already is: a navigation would only draw the whole page again.
    expect(navigate).not.toHaveBeenCalled();
    expect(b.assigned).toEqual([]);
  });

  it('mock mode: a return taken here from another address goes to the run’s page', async () => {
    const b = browser();
    b.location.href = `${ORIGIN}/flows/ehr-launch`;
    const navigate = vi.fn();
    const returnHere = vi.fn(() => '/flows/ehr-launch?auto=1');
    await runnerNavigation({ navigate, sameDocument: true, answerHere: async () => found('/callback?code=c1&state=s1'), returnHere, location: b.location })(
      AUTHORIZE,
    );
    expect(navigate.mock.calls).toEqual([['/flows/ehr-launch?auto=1']]);
  });

  it('mock mode: a chain of 302s between mock servers is followed to the first page that needs the user', async () => {
    const b = browser();
    const navigate = vi.fn();
    const digid = `${ORIGIN}/mock/digid/sso?SAMLRequest=x`;
    const answerHere = vi.fn(async (url: string) => (url === AUTHORIZE ? found(digid) : page()));
    await runnerNavigation({ navigate, sameDocument: true, answerHere, location: b.location })(AUTHORIZE);
    expect(answerHere.mock.calls.map(([url]) => url)).toEqual([AUTHORIZE, digid]);
    expect(navigate.mock.calls).toEqual([['/mock/digid/sso?SAMLRequest=x']]);
  });

  it('mock mode: a return no run here takes goes to the callback page, as after a real redirect', async () => {
    const b = browser();
    const navigate = vi.fn();
    await runnerNavigation({
      navigate,
      sameDocument: true,
      answerHere: async () => found('/callback?code=c1'),
      returnHere: () => undefined,
      location: b.location,
    })(AUTHORIZE);
    expect(navigate.mock.calls).toEqual([['/callback?code=c1']]);
  });

  it('mock mode: when the mocks cannot answer ahead, the page is shown and asks its server itself', async () => {
    const b = browser();
    const navigate = vi.fn();
    const answerHere = vi.fn(async () => {
      throw new Error('the mocks did not start');
    });
    await runnerNavigation({ navigate, sameDocument: true, answerHere, location: b.location })(AUTHORIZE);
    expect(navigate.mock.calls).toEqual([['/mock/smart/s/skip/auth/authorize?client_id=c&state=s1']]);
  });

  it('mock mode: a server that redirects to itself forever is followed no more than a browser would (20 times), then shown', async () => {
    const b = browser();
    const navigate = vi.fn();
    const answerHere = vi.fn(async () => found(AUTHORIZE));
    await runnerNavigation({ navigate, sameDocument: true, answerHere, location: b.location })(AUTHORIZE);
    expect(answerHere).toHaveBeenCalledTimes(20);
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('mock mode: a redirect to another origin (a live server, the app elsewhere) is a real navigation', async () => {
    const b = browser();
    const navigate = vi.fn();
    await runnerNavigation({ navigate, sameDocument: true, answerHere: async () => found('https://elsewhere.test/cb?code=1'), location: b.location })(
      AUTHORIZE,
    );
    expect(b.assigned).toEqual(['https://elsewhere.test/cb?code=1']);
    expect(navigate).not.toHaveBeenCalled();
  });
});

describe('flowPathAfterReturn: the flow page after the browser came back in this page', () => {
  it('keeps presenter mode and a set-up link, and says auto=1 while the run goes on by itself', () => {
    expect(flowPathAfterReturn(`${ORIGIN}/flows/ehr-launch?present=1&client=confidential`, 'ehr-launch', true)).toBe(
      '/flows/ehr-launch?present=1&client=confidential&auto=1',
    );
    expect(flowPathAfterReturn(`${ORIGIN}/flows/ehr-launch?auto=1&present=1`, 'ehr-launch', true)).toBe('/flows/ehr-launch?auto=1&present=1');
  });

  it('drops a stale auto=1 when the run is stepped through, so it does not go on by itself', () => {
    expect(flowPathAfterReturn(`${ORIGIN}/flows/standalone-launch?auto=1&present=1`, 'standalone-launch', false)).toBe('/flows/standalone-launch?present=1');
    expect(flowPathAfterReturn(`${ORIGIN}/flows/standalone-launch`, 'standalone-launch', false)).toBe('/flows/standalone-launch');
  });

  it('is the address the page is at when nothing changes, so the page navigates nowhere', () => {
    const here = `${ORIGIN}/flows/ehr-launch?present=1&auto=1#step-token`;
    const url = new URL(here);
    expect(flowPathAfterReturn(here, 'ehr-launch', true)).toBe(`${url.pathname}${url.search}${url.hash}`);
  });
});
