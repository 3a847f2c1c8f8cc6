import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../mocks/smart-auth/scenario';
import type { AuthorizeAnswer, AuthorizeScreen } from '../../../mocks/smart-auth/screens';
import { authorizeParams, exchangeCode, locationOf, makeWorld, post, screenOf, sessionOf, type TestWorld } from './helpers';

/**
 * The authorization server's screens for a standalone launch, per SMART App
 * Launch 2.2: a practitioner asked for `launch/patient` (with user/ scopes) is
 * shown a patient picker; a patient who signs in is the patient in context.
 */
const PROVIDER_SCOPE = 'launch/patient openid fhirUser user/Patient.rs user/Observation.rs';
const PATIENT_SCOPE = 'launch/patient openid fhirUser patient/Patient.rs patient/Observation.rs';

async function begin(world: TestWorld, scope: string, scenario?: Scenario) {
  const { params, endpoints, verifier } = await authorizeParams({ scope }, scenario);
  const view = async (query = `?${params}`) => screenOf((await post(world.server, endpoints.authorize, { action: 'view', query })).body);
  const act = async (body: Record<string, unknown>): Promise<AuthorizeAnswer> => (await post(world.server, endpoints.authorize, body)).body;
  return { params, endpoints, verifier, view, act };
}

function expectScreen<K extends AuthorizeScreen['screen']>(screen: AuthorizeScreen, kind: K): Extract<AuthorizeScreen, { screen: K }> {
  expect(screen.screen, JSON.stringify(screen)).toBe(kind);
  return screen as Extract<AuthorizeScreen, { screen: K }>;
}

describe('standalone launch: who signs in decides whether a patient picker appears', () => {
  it('practitioner + launch/patient: practitioner accounts, then a picker with name, birth date and gender; the token carries the pick', async () => {
    const world = makeWorld();
    const { view, act, endpoints, verifier } = await begin(world, PROVIDER_SCOPE);
    const login = expectScreen(await view(), 'login');
    expect(login.login).toBe('provider');
    expect(login.accounts.map((a) => a.id)).toEqual(['pr-lotte', 'pr-samuel', 'pr-noor']);
    expect(login.hint).toMatch(/user\/ scopes: a care provider signs in/);

    const picker = expectScreen(screenOf(await act({ action: 'login', session: login.session, username: 'pr-lotte', password: 'pw' })), 'patient-picker');
    expect(picker.user).toMatchObject({ id: 'Practitioner/pr-lotte', name: 'Dr. Lotte Hendriks' });
    expect(picker.patients).toHaveLength(9);
    expect(picker.patients.find((p) => p.id === 'p-grace')).toMatchObject({
      name: 'Grace Okafor',
      gender: 'female',
      birthDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });

    const consent = expectScreen(screenOf(await act({ action: 'pick-patient', session: picker.session, patient: 'p-grace' })), 'consent');
    expect(consent.patient?.id).toBe('p-grace');
    const done = await act({ action: 'consent', session: consent.session, scopes: consent.scopes.map((s) => s.scope) });
    const tokens = await (await exchangeCode(world, locationOf(done), verifier, endpoints.token)).json();
    expect(tokens.patient).toBe('p-grace');
    expect(tokens.scope).toContain('user/Observation.rs');
    expect(decodeJwt(tokens.id_token).fhirUser).toMatch(/\/Practitioner\/pr-lotte$/);
  });

  it('patient sign-in: the patient is the context, no picker, and the id_token names the patient', async () => {
    const world = makeWorld();
    const { view, act, endpoints, verifier } = await begin(world, PATIENT_SCOPE);
    const login = expectScreen(await view(), 'login');
    expect(login.login).toBe('patient');
    expect(login.hint).toMatch(/a patient signs in and shares their own record/);
    const consent = expectScreen(screenOf(await act({ action: 'login', session: login.session, username: 'p-bram', password: 'pw' })), 'consent');
    expect(consent.patient?.id).toBe('p-bram');
    const done = await act({ action: 'consent', session: consent.session, scopes: consent.scopes.map((s) => s.scope) });
    const tokens = await (await exchangeCode(world, locationOf(done), verifier, endpoints.token)).json();
    expect(tokens.patient).toBe('p-bram');
    expect(decodeJwt(tokens.id_token).fhirUser).toMatch(/\/Patient\/p-bram$/);
  });

  it('a signed-in patient cannot switch the context to another patient by sending a pick', async () => {
    const world = makeWorld();
    const { view, act, endpoints, verifier } = await begin(world, PATIENT_SCOPE);
    const login = expectScreen(await view(), 'login');
    const consent = expectScreen(screenOf(await act({ action: 'login', session: login.session, username: 'p-anna', password: 'pw' })), 'consent');
    const pick = screenOf(await act({ action: 'pick-patient', session: consent.session, patient: 'p-bram' }));
    expect(pick).toMatchObject({ screen: 'error', error: 'invalid_request' });
    expect(pick.screen === 'error' && pick.error_description).toMatch(/patient.*own record/i);
    const done = await act({ action: 'consent', session: consent.session, scopes: consent.scopes.map((s) => s.scope) });
    const tokens = await (await exchangeCode(world, locationOf(done), verifier, endpoints.token)).json();
    expect(tokens.patient).toBe('p-anna');
  });

  it('no pick before sign-in: the picker belongs to a signed-in practitioner', async () => {
    const world = makeWorld();
    const { view, act } = await begin(world, PROVIDER_SCOPE);
    const login = expectScreen(await view(), 'login');
    const early = screenOf(await act({ action: 'pick-patient', session: login.session, patient: 'p-anna' }));
    expect(early).toMatchObject({ screen: 'error', error: 'invalid_request' });
    expect(early.screen === 'error' && early.error_description).toMatch(/sign in/i);
    // The session goes on where it was: the sign-in, then the picker.
    const picker = screenOf(await act({ action: 'login', session: login.session, username: 'pr-noor', password: 'pw' }));
    expect(picker.screen).toBe('patient-picker');
  });

  it("the scenario's patient list narrows the picker; a patient outside it cannot be picked", async () => {
    const world = makeWorld();
    const { view, act } = await begin(world, PROVIDER_SCOPE, { patient: 'p-anna,p-hugo' });
    const login = expectScreen(await view(), 'login');
    const picker = expectScreen(screenOf(await act({ action: 'login', session: login.session, username: 'pr-samuel', password: 'pw' })), 'patient-picker');
    expect(picker.patients.map((p) => p.id)).toEqual(['p-anna', 'p-hugo']);
    const outside = screenOf(await act({ action: 'pick-patient', session: picker.session, patient: 'p-bram' }));
    expect(outside).toMatchObject({ screen: 'error', error: 'invalid_request', error_description: expect.stringMatching(/p-bram/) });
    const consent = screenOf(await act({ action: 'pick-patient', session: picker.session, patient: 'p-hugo' }));
    expect(consent).toMatchObject({ screen: 'consent', patient: { id: 'p-hugo' } });
  });

  it('one patient in the scenario is the context: no picker for the practitioner', async () => {
    const world = makeWorld();
    const { view, act } = await begin(world, PROVIDER_SCOPE, { patient: 'p-iris' });
    const login = expectScreen(await view(), 'login');
    const consent = screenOf(await act({ action: 'login', session: login.session, username: 'pr-lotte', password: 'pw' }));
    expect(consent).toMatchObject({ screen: 'consent', patient: { id: 'p-iris' } });
  });

  it('the choice is idempotent: a second view or the same pick again shows the same consent; another pick is refused', async () => {
    const world = makeWorld();
    const { view, act } = await begin(world, PROVIDER_SCOPE);
    const login = expectScreen(await view(), 'login');
    const picker = expectScreen(screenOf(await act({ action: 'login', session: login.session, username: 'pr-lotte', password: 'pw' })), 'patient-picker');
    const consent = expectScreen(screenOf(await act({ action: 'pick-patient', session: picker.session, patient: 'p-daan' })), 'consent');

    // The page viewed again (a reload, React StrictMode's second effect) resumes the session where it is.
    const again = await view(`?session=${encodeURIComponent(sessionOf(consent))}`);
    expect(again).toEqual(consent);
    // The same click arriving twice changes nothing.
    expect(screenOf(await act({ action: 'pick-patient', session: picker.session, patient: 'p-daan' }))).toEqual(consent);
    // A different patient once the choice is made: refused, and the choice stands.
    const other = screenOf(await act({ action: 'pick-patient', session: picker.session, patient: 'p-emma' }));
    expect(other).toMatchObject({ screen: 'error', error: 'invalid_request' });
    expect(await view(`?session=${encodeURIComponent(sessionOf(consent))}`)).toMatchObject({ screen: 'consent', patient: { id: 'p-daan' } });
  });
});
