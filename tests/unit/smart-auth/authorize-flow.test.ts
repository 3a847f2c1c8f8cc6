import { describe, expect, it } from 'vitest';
import { saveLaunchContext } from '../../../mocks/smart-auth/launch-context';
import {
  authorizeInteractively,
  authorizeParams,
  call,
  exchangeCode,
  form,
  locationOf,
  makeWorld,
  ORIGIN,
  post,
  REDIRECT_URI,
  screenOf,
  sessionOf,
} from './helpers';

describe('authorize: the screens a user goes through', () => {
  it('signs a patient in for a standalone patient app and asks consent in words', async () => {
    const world = makeWorld();
    const { params, endpoints } = await authorizeParams();
    const first = screenOf((await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` })).body);
    expect(first).toMatchObject({ screen: 'login', login: 'patient' });
    if (first.screen !== 'login') throw new Error();
    expect(first.accounts.map((a) => a.id)).toContain('p-anna');
    expect(first.hint).toMatch(/any password/);

    const wrong = screenOf((await post(world.server, endpoints.authorize, { action: 'login', session: first.session, username: 'p-anna', password: '' })).body);
    expect(wrong).toMatchObject({ screen: 'login', problem: expect.stringMatching(/password/) });

    const consent = screenOf(
      (await post(world.server, endpoints.authorize, { action: 'login', session: first.session, username: 'p-anna', password: 'x' })).body,
    );
    expect(consent.screen).toBe('consent');
    if (consent.screen !== 'consent') throw new Error();
    expect(consent.patient?.id).toBe('p-anna');
    expect(consent.scopes.find((s) => s.scope === 'patient/Observation.rs')?.description).toBe('Read and search your Observations');
  });

  it('asks a provider to pick a patient (with birth dates) for a standalone user app', async () => {
    const world = makeWorld();
    const { params, endpoints } = await authorizeParams({ scope: 'launch/patient user/*.rs openid fhirUser' });
    const login = screenOf((await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` })).body);
    expect(login).toMatchObject({ screen: 'login', login: 'provider' });
    const picker = screenOf(
      (await post(world.server, endpoints.authorize, { action: 'login', session: sessionOf(login), username: 'pr-samuel', password: 'pw' })).body,
    );
    expect(picker.screen).toBe('patient-picker');
    if (picker.screen !== 'patient-picker') throw new Error();
    expect(picker.patients).toHaveLength(9);
    expect(picker.patients[0].birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const bogus = await post(world.server, endpoints.authorize, { action: 'pick-patient', session: picker.session, patient: 'p-nobody' });
    expect(bogus.body).toMatchObject({ screen: 'error' });
    const consent = screenOf((await post(world.server, endpoints.authorize, { action: 'pick-patient', session: picker.session, patient: 'p-finn' })).body);
    expect(consent).toMatchObject({ screen: 'consent', patient: { id: 'p-finn' } });
  });

  it('asks for an encounter when launch/encounter has none in context, and returns it', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, {
      overrides: { scope: 'launch/patient launch/encounter user/*.rs' },
      username: 'pr-lotte',
      patient: 'p-anna',
      encounter: 'e-anna-2',
    });
    const tokens = await (await exchangeCode(world, redirect, verifier, endpoints.token)).json();
    expect(tokens.patient).toBe('p-anna');
    expect(tokens.encounter).toBe('e-anna-2');
  });

  it('redirects access_denied with the state when the user denies', async () => {
    const world = makeWorld();
    const { params, endpoints } = await authorizeParams();
    const login = await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` });
    const consent = await post(world.server, endpoints.authorize, { action: 'login', session: sessionOf(login.body), username: 'p-anna', password: 'x' });
    const denied = await post(world.server, endpoints.authorize, { action: 'deny', session: sessionOf(consent.body) });
    const location = locationOf(denied.body);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('state-1234567890');
    expect(location.searchParams.get('code')).toBeNull();
    // The session is over: no second decision; the page says the request was answered.
    const again = await post(world.server, endpoints.authorize, { action: 'consent', session: sessionOf(consent.body), scopes: [] });
    expect(again.body).toMatchObject({ screen: 'answered', answered: { outcome: 'error' } });
  });

  it('grants only the scopes left ticked at consent', async () => {
    const world = makeWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, {
      overrides: { scope: 'launch/patient patient/Observation.rs patient/Condition.rs openid fhirUser' },
      grant: ['launch/patient', 'patient/Observation.rs', 'openid', 'fhirUser'],
    });
    const tokens = await (await exchangeCode(world, redirect, verifier, endpoints.token)).json();
    expect(tokens.scope).toBe('launch/patient patient/Observation.rs openid fhirUser');
    expect(tokens.scope).not.toContain('Condition');
  });

  it('refuses a consent that grants a scope the app did not ask for', async () => {
    const world = makeWorld();
    const { params, endpoints } = await authorizeParams();
    const login = await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` });
    const consent = await post(world.server, endpoints.authorize, { action: 'login', session: sessionOf(login.body), username: 'p-anna', password: 'x' });
    const res = await post(world.server, endpoints.authorize, { action: 'consent', session: sessionOf(consent.body), scopes: ['user/*.cruds'] });
    expect(res.body).toMatchObject({ screen: 'error', error: 'invalid_request' });
  });

  it('answers straight with the code when the scenario skips login and consent', async () => {
    const world = makeWorld();
    const scenario = { patient: 'p-bram', skipLogin: true, skipConsent: true };
    const { params, endpoints, verifier } = await authorizeParams({}, scenario);
    const answer = await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` });
    const location = locationOf(answer.body);
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('state')).toBe('state-1234567890');
    const tokens = await (await exchangeCode(world, location, verifier, endpoints.token)).json();
    expect(tokens.patient).toBe('p-bram');
  });

  it('answers a real 302 with the code over http when nothing needs the user', async () => {
    const world = makeWorld('http');
    const { params, endpoints } = await authorizeParams({}, { patient: 'p-bram', skipLogin: true, skipConsent: true });
    const res = await call(world.server, `${endpoints.authorize}?${params}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('code')).toBeTruthy();
  });

  it('lets the app page take over a GET that needs the user', async () => {
    const world = makeWorld('http');
    const { params, endpoints } = await authorizeParams();
    const res = await call(world.server, `${endpoints.authorize}?${params}`, {});
    expect(res.status).toBe(200);
    expect(res.headers.get('x-mock-serve-app')).toBe('1');
  });

  it('accepts the request by POST (authorize-post) and continues it on the page', async () => {
    const world = makeWorld('http');
    const { params, endpoints } = await authorizeParams();
    const res = await call(world.server, endpoints.authorize, form(Object.fromEntries(params)));
    expect(res.status).toBe(303);
    const page = new URL(res.headers.get('location') ?? '');
    expect(page.pathname).toBe('/mock/smart/auth/authorize');
    expect(page.searchParams.get('code')).toBeNull();
    const view = await post(world.server, endpoints.authorize, { action: 'view', query: page.search });
    expect(screenOf(view.body).screen).toBe('login');
  });

  it('runs an EHR launch: provider sign-in, the launch context in the token response', async () => {
    const world = makeWorld();
    await saveLaunchContext(world.env.store, {
      id: 'launch-1',
      iss: `${ORIGIN}/mock/smart/fhir`,
      patient: 'p-grace',
      practitioner: 'pr-noor',
      fhirUser: 'Practitioner/pr-noor',
      encounter: 'e-grace-1',
      need_patient_banner: true,
      smart_style_url: `${ORIGIN}/mock/smart/smart-style.json`,
      launchUrl: `${ORIGIN}/launch`,
      createdAt: world.clock.now,
    });
    const { params, endpoints, verifier } = await authorizeParams({ launch: 'launch-1', scope: 'launch openid fhirUser patient/*.rs' });
    const login = screenOf((await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` })).body);
    expect(login).toMatchObject({ screen: 'login', login: 'provider', suggested: 'pr-noor' });
    const consent = screenOf(
      (await post(world.server, endpoints.authorize, { action: 'login', session: sessionOf(login), username: 'pr-noor', password: 'x' })).body,
    );
    expect(consent).toMatchObject({ screen: 'consent', patient: { id: 'p-grace' }, encounter: { id: 'e-grace-1' } });
    const done = await post(world.server, endpoints.authorize, {
      action: 'consent',
      session: sessionOf(consent),
      scopes: ['launch', 'openid', 'fhirUser', 'patient/*.rs'],
    });
    const tokens = await (await exchangeCode(world, locationOf(done.body), verifier, endpoints.token)).json();
    expect(tokens).toMatchObject({
      patient: 'p-grace',
      encounter: 'e-grace-1',
      need_patient_banner: true,
      smart_style_url: `${ORIGIN}/mock/smart/smart-style.json`,
      fhirContext: [{ reference: 'Encounter/e-grace-1' }],
    });
  });

  it('keeps sessions within their scenario', async () => {
    const world = makeWorld();
    const { params, endpoints } = await authorizeParams();
    const login = await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` });
    const other = `${ORIGIN}/mock/smart/s/e30/auth/authorize`;
    const res = await post(world.server, other, { action: 'login', session: sessionOf(login.body), username: 'p-anna', password: 'x' });
    expect(res.body).toMatchObject({ screen: 'error' });
  });
});
