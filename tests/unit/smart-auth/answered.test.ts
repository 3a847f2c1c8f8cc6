import { describe, expect, it } from 'vitest';
import { authorizeParams, makeWorld, post, screenOf, sessionOf, REDIRECT_URI } from './helpers';

/**
 * Back after the callback lands on the authorization server's page of a
 * request whose code went back to the app already. The page must say so,
 * not show a login for a used-up request, and never send a second code.
 */
async function signedInToConsent() {
  const world = makeWorld();
  const { params, endpoints } = await authorizeParams({ scope: 'launch/patient patient/Observation.rs' });
  const login = screenOf((await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` })).body);
  const session = sessionOf(login);
  let answer = (await post(world.server, endpoints.authorize, { action: 'login', session, username: 'p-anna', password: 'x' })).body;
  if (!('location' in answer) && answer.screen === 'patient-picker') {
    answer = (await post(world.server, endpoints.authorize, { action: 'pick-patient', session, patient: 'p-anna' })).body;
  }
  expect(!('location' in answer) && answer.screen).toBe('consent');
  return { world, endpoints, session };
}

describe('authorization server page viewed again after its answer', () => {
  it('after the code went back: the session page says it was answered, with when and to which app', async () => {
    const { world, endpoints, session } = await signedInToConsent();
    const sent = (await post(world.server, endpoints.authorize, { action: 'consent', session, scopes: ['launch/patient'] })).body;
    expect('location' in sent && new URL(sent.location).searchParams.get('code')).toBeTruthy();

    const again = (await post(world.server, endpoints.authorize, { action: 'view', query: `?session=${session}` })).body;
    const screen = screenOf(again);
    expect(screen.screen).toBe('answered');
    if (screen.screen !== 'answered') return;
    expect(screen.answered.outcome).toBe('code');
    expect(screen.answered.redirectUri).toBe(REDIRECT_URI);
    expect(Date.parse(screen.answered.at!)).toBe(world.clock.now);
    expect(JSON.stringify(again)).not.toContain('code=');

    // A stale page's decision gets the same answer, not a second code.
    const stale = (await post(world.server, endpoints.authorize, { action: 'consent', session, scopes: ['launch/patient'] })).body;
    expect('location' in stale).toBe(false);
    expect(screenOf(stale).screen).toBe('answered');
  });

  it('after a refusal: the page names the error that went back', async () => {
    const { world, endpoints, session } = await signedInToConsent();
    await post(world.server, endpoints.authorize, { action: 'deny', session });
    const screen = screenOf((await post(world.server, endpoints.authorize, { action: 'view', query: `?session=${session}` })).body);
    expect(screen).toMatchObject({ screen: 'answered', answered: { outcome: 'error', error: 'access_denied' } });
  });

  it('a session that never existed is still an unknown session', async () => {
    const world = makeWorld();
    const { endpoints } = await authorizeParams();
    const screen = screenOf((await post(world.server, endpoints.authorize, { action: 'view', query: '?session=nope' })).body);
    expect(screen.screen).toBe('error');
  });
});
