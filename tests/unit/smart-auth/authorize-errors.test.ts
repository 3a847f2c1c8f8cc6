import { describe, expect, it } from 'vitest';
import { saveLaunchContext } from '../../../mocks/smart-auth/launch-context';
import { authorizeParams, call, makeWorld, ORIGIN, post, REDIRECT_URI, screenOf, locationOf, type AuthorizeParams } from './helpers';

/** GET the authorize endpoint as a browser over real HTTP would. */
async function getAuthorize(overrides: AuthorizeParams) {
  const world = makeWorld('http');
  const { params, endpoints } = await authorizeParams(overrides);
  const res = await call(world.server, `${endpoints.authorize}?${params}`, { redirect: 'manual' });
  return { res, world };
}

/** The page's first POST, {action:'view'}. */
async function view(overrides: AuthorizeParams, world = makeWorld()) {
  const { params, endpoints } = await authorizeParams(overrides);
  return post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` });
}

async function expectRedirectError(overrides: AuthorizeParams, error: string, descriptionPart: RegExp, world = makeWorld()) {
  const { status, body } = await view(overrides, world);
  expect(status).toBe(200);
  const location = locationOf(body);
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  expect(location.searchParams.get('error')).toBe(error);
  expect(location.searchParams.get('error_description')).toMatch(descriptionPart);
  expect(location.searchParams.get('code')).toBeNull();
  return location;
}

describe('authorize: errors that must not be redirected', () => {
  it('shows an error page (never a redirect) for a redirect_uri that is not registered', async () => {
    const { res } = await getAuthorize({ redirect_uri: 'https://attacker.example/callback' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('https://attacker.example/callback');
    expect(html).toMatch(/not registered/);
    expect(html).toMatch(/not sent back to the app/i);
  });

  it('answers the page with an error screen for a redirect_uri that differs by one character', async () => {
    const { status, body } = await view({ redirect_uri: `${REDIRECT_URI}/` });
    expect(status).toBe(400);
    expect(body).toMatchObject({ screen: 'error', error: 'invalid_request' });
    expect('location' in body).toBe(false);
  });

  it('shows an error page for an unknown client_id', async () => {
    const { res } = await getAuthorize({ client_id: 'no-such-app' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('no-such-app');
    const { body } = await view({ client_id: 'no-such-app' });
    expect(body).toMatchObject({ screen: 'error', error: 'invalid_client' });
  });

  it('shows an error page when client_id or redirect_uri is missing', async () => {
    expect(screenOf((await view({ client_id: undefined })).body)).toMatchObject({ screen: 'error', error: 'invalid_request' });
    expect(screenOf((await view({ redirect_uri: undefined })).body)).toMatchObject({ screen: 'error', error: 'invalid_request' });
  });

  it('accepts the registered callback of a known app origin, and only that exact one', async () => {
    const ok = await view({ redirect_uri: 'http://localhost:5173/callback' });
    expect(screenOf(ok.body).screen).toBe('login');
    const wrong = await view({ redirect_uri: 'http://localhost:5174/callback' });
    expect(screenOf(wrong.body).screen).toBe('error');
  });

  it('shows an error page for an unreadable scenario segment', async () => {
    const world = makeWorld('http');
    const res = await call(world.server, `${ORIGIN}/mock/smart/s/%7Bbad/auth/authorize?client_id=x`, {});
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/scenario/);
    const page = await post(world.server, `${ORIGIN}/mock/smart/s/bad!/auth/authorize`, { action: 'view', query: '' });
    expect(page.body).toMatchObject({ screen: 'error', error: 'invalid_request' });
  });
});

describe('authorize: errors redirected to the app (RFC 6749 §4.1.2.1)', () => {
  it('redirects invalid_request without state when state is missing', async () => {
    const location = await expectRedirectError({ state: undefined }, 'invalid_request', /state/);
    expect(location.searchParams.get('state')).toBeNull();
  });

  it('refuses PKCE plain', async () => {
    const location = await expectRedirectError({ code_challenge_method: 'plain' }, 'invalid_request', /plain/);
    expect(location.searchParams.get('state')).toBe('state-1234567890');
  });

  it('requires a code_challenge', async () => {
    await expectRedirectError({ code_challenge: undefined }, 'invalid_request', /code_challenge/);
  });

  it('requires the code_challenge_method', async () => {
    await expectRedirectError({ code_challenge_method: undefined }, 'invalid_request', /code_challenge_method/);
  });

  it('refuses an aud that is not this FHIR server', async () => {
    await expectRedirectError({ aud: 'https://fhir.example.org/r4' }, 'invalid_request', /aud .* must be http:\/\/localhost\/mock\/smart\/fhir/);
  });

  it('refuses a missing aud', async () => {
    await expectRedirectError({ aud: undefined }, 'invalid_request', /aud/);
  });

  it('refuses an unknown launch id', async () => {
    await expectRedirectError({ launch: 'nope', scope: 'launch openid fhirUser patient/*.rs' }, 'invalid_request', /launch "nope" is unknown or has expired/);
  });

  it('refuses an expired launch id', async () => {
    const world = makeWorld();
    await saveLaunchContext(world.env.store, {
      id: 'L1',
      iss: `${ORIGIN}/mock/smart/fhir`,
      patient: 'p-anna',
      practitioner: 'pr-lotte',
      fhirUser: 'Practitioner/pr-lotte',
      need_patient_banner: true,
      smart_style_url: `${ORIGIN}/mock/smart/smart-style.json`,
      launchUrl: 'http://localhost/launch',
      createdAt: world.clock.now,
    });
    world.advance(601);
    await expectRedirectError({ launch: 'L1', scope: 'launch patient/*.rs' }, 'invalid_request', /unknown or has expired/, world);
  });

  it('refuses a launch id without the launch scope', async () => {
    const world = makeWorld();
    await saveLaunchContext(world.env.store, {
      id: 'L2',
      iss: `${ORIGIN}/mock/smart/fhir`,
      patient: 'p-anna',
      practitioner: 'pr-lotte',
      fhirUser: 'Practitioner/pr-lotte',
      need_patient_banner: true,
      smart_style_url: '',
      launchUrl: '',
      createdAt: world.clock.now,
    });
    await expectRedirectError({ launch: 'L2', scope: 'patient/*.rs' }, 'invalid_scope', /launch scope/, world);
  });

  it('refuses the launch scope without a launch id', async () => {
    await expectRedirectError({ scope: 'launch patient/*.rs' }, 'invalid_request', /no launch parameter/);
  });

  it('refuses an unknown scope', async () => {
    await expectRedirectError({ scope: 'patient/Observation.rs launch/practitioner' }, 'invalid_scope', /launch\/practitioner/);
  });

  it('refuses a malformed v2 permission string', async () => {
    await expectRedirectError({ scope: 'patient/Observation.sr' }, 'invalid_scope', /cruds/);
  });

  it('refuses system scopes in a user authorization', async () => {
    await expectRedirectError({ scope: 'system/Observation.rs' }, 'invalid_scope', /backend services/);
  });

  it('refuses a missing scope', async () => {
    await expectRedirectError({ scope: undefined }, 'invalid_scope', /scope/);
  });

  it('answers unsupported_response_type for response_type=token', async () => {
    await expectRedirectError({ response_type: 'token' }, 'unsupported_response_type', /token/);
  });

  it('redirects with a real 302 over http when the error may be redirected', async () => {
    const { res } = await getAuthorize({ code_challenge_method: 'plain' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('state-1234567890');
  });

  it('accepts v1 and v2 scopes and a v2 query', async () => {
    const { body } = await view({ scope: 'patient/*.read user/Observation.write patient/Observation.rs?category=laboratory openid profile online_access' });
    expect(screenOf(body).screen).toBe('login');
  });
});
