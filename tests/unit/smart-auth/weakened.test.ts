/**
 * The attack labs' server side: each defence a scenario's `weaken` switches
 * off. For every switch the attacker's move succeeds with the switch and fails
 * with the defence on, with the spec's error.
 */
import { describe, expect, it } from 'vitest';
import { findAccessToken } from '../../../mocks/core/tokens';
import { clientKey, type DynamicClientRecord } from '../../../mocks/smart-auth/clients';
import { decodeScenario, encodeScenario, type Scenario } from '../../../mocks/smart-auth/scenario';
import { WEAKENINGS, type Weakening } from '../../../mocks/smart-auth/weaken';
import {
  authorizeInteractively,
  authorizeParams,
  call,
  endpointsFor,
  form,
  makeWorld,
  ORIGIN,
  post,
  REDIRECT_URI,
  sessionOf,
  locationOf,
  type AuthorizeParams,
  type TestWorld,
} from './helpers';

const SKIP: Scenario = { patient: 'p-anna', skipLogin: true, skipConsent: true };
const strict = (): Scenario => ({ ...SKIP });
const weakened = (...weaken: Weakening[]): Scenario => ({ ...SKIP, weaken });

/** GET authorize as a browser would; the 302's Location, or the refusal page's status. */
async function authorize(world: TestWorld, scenario: Scenario, overrides: AuthorizeParams = {}) {
  const { params, verifier, endpoints } = await authorizeParams(overrides, scenario);
  const res = await call(world.server, `${endpoints.authorize}?${params}`, {});
  const location = res.headers.get('location');
  return { res, location: location ? new URL(location) : undefined, verifier, endpoints };
}

function redeem(world: TestWorld, tokenUrl: string, values: Record<string, string | undefined>) {
  const body: Record<string, string> = {};
  for (const [k, v] of Object.entries({ grant_type: 'authorization_code', client_id: 'playground-public', redirect_uri: REDIRECT_URI, ...values })) {
    if (v !== undefined) body[k] = v;
  }
  return call(world.server, tokenUrl, form(body));
}

describe('scenario.weaken', () => {
  it('reads the known switch names', () => {
    const decoded = decodeScenario(encodeScenario({ weaken: [...WEAKENINGS] }));
    expect(decoded).toEqual({ ok: true, scenario: { weaken: [...WEAKENINGS] } });
  });

  it('refuses an unknown switch name, naming it and the known ones', () => {
    const decoded = decodeScenario(encodeScenario({ weaken: ['pkce-optional', 'no-pkce'] as Weakening[] }));
    expect(decoded.ok).toBe(false);
    const reason = decoded.ok ? '' : decoded.reason;
    expect(reason).toContain('"no-pkce"');
    expect(reason).not.toContain('"pkce-optional",');
    for (const name of WEAKENINGS) expect(reason).toContain(name);
  });

  it('refuses a weaken that is not an array', () => {
    const decoded = decodeScenario(encodeScenario({ weaken: 'pkce-optional' as unknown as Weakening[] }));
    expect(decoded.ok ? '' : decoded.reason).toMatch(/scenario\.weaken must be an array of switch names/);
  });

  it('answers 400 with the reason when a URL carries an unknown switch', async () => {
    const world = makeWorld();
    const endpoints = endpointsFor({ weaken: ['everything'] as unknown as Weakening[] });
    const res = await call(world.server, `${endpoints.fhirBase}/.well-known/smart-configuration`, {});
    expect(res.status).toBe(400);
    expect((await res.json()).error_description).toMatch(/"everything", not a defence this server can switch off/);
  });

  it('says in both discovery documents what is weakened, and nothing when every defence is on', async () => {
    const world = makeWorld();
    for (const doc of ['smart-configuration', 'openid-configuration']) {
      const on = await (await call(world.server, `${endpointsFor(strict()).fhirBase}/.well-known/${doc}`, {})).json();
      expect(on['x-playground-weakened']).toBeUndefined();
      const off = await (await call(world.server, `${endpointsFor(weakened('code-reuse', 'state-not-required')).fhirBase}/.well-known/${doc}`, {})).json();
      expect(off['x-playground-weakened']).toEqual(['code-reuse', 'state-not-required']);
    }
  });

  it('an empty list keeps every defence on', async () => {
    const world = makeWorld();
    const { location } = await authorize(world, { ...SKIP, weaken: [] }, { code_challenge: undefined, code_challenge_method: undefined });
    expect(location?.searchParams.get('error')).toBe('invalid_request');
  });
});

describe('weaken: pkce-optional (authorization code interception)', () => {
  it('defence on: a request without code_challenge gets no code', async () => {
    const world = makeWorld();
    const { location } = await authorize(world, strict(), { code_challenge: undefined, code_challenge_method: undefined });
    expect(location?.searchParams.get('error')).toBe('invalid_request');
    expect(location?.searchParams.get('error_description')).toMatch(/code_challenge parameter is missing/);
    expect(location?.searchParams.has('code')).toBe(false);
  });

  it('defence on: an intercepted code is refused without the verifier, and with a made-up one (RFC 7636 §4.6)', async () => {
    const world = makeWorld();
    const { location, endpoints } = await authorize(world, strict());
    const code = location!.searchParams.get('code')!;
    // Without a verifier: refused before the code is looked at, so the app's own redemption still works.
    const bare = await redeem(world, endpoints.token, { code });
    expect(bare.status).toBe(400);
    expect((await bare.json()).error).toBe('invalid_request');
    const guessed = await redeem(world, endpoints.token, { code, code_verifier: 'attacker-'.repeat(5) });
    expect(guessed.status).toBe(400);
    const body = await guessed.json();
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(/RFC 7636 §4\.6/);
  });

  it('weakened: a request without PKCE gets a code, and whoever intercepts it redeems it without a verifier', async () => {
    const world = makeWorld();
    const { location, endpoints } = await authorize(world, weakened('pkce-optional'), { code_challenge: undefined, code_challenge_method: undefined });
    const code = location!.searchParams.get('code');
    expect(code).toBeTruthy();
    const stolen = await redeem(world, endpoints.token, { code: code! });
    expect(stolen.status).toBe(200);
    const tokens = await stolen.json();
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.patient).toBe('p-anna');
  });

  it('weakened: a code issued with a challenge still needs its verifier', async () => {
    const world = makeWorld();
    const { location, verifier, endpoints } = await authorize(world, weakened('pkce-optional'));
    const code = location!.searchParams.get('code')!;
    const bare = await redeem(world, endpoints.token, { code });
    expect((await bare.json()).error).toBe('invalid_request');
    // The refusal did not spend the code: the app that holds the verifier still redeems it.
    const right = await redeem(world, endpoints.token, { code, code_verifier: verifier });
    expect(right.status).toBe(200);
  });

  it('weakened: a verifier for a code without a challenge is refused as a PKCE downgrade (RFC 9700 §4.8)', async () => {
    const world = makeWorld();
    const { location, endpoints } = await authorize(world, weakened('pkce-optional'), { code_challenge: undefined, code_challenge_method: undefined });
    const res = await redeem(world, endpoints.token, { code: location!.searchParams.get('code')!, code_verifier: 'v'.repeat(43) });
    const body = await res.json();
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(/PKCE downgrade/);
  });

  it('weakened: plain and a method without a challenge are still refused', async () => {
    const world = makeWorld();
    const plain = await authorize(world, weakened('pkce-optional'), { code_challenge: 'p'.repeat(43), code_challenge_method: 'plain' });
    expect(plain.location?.searchParams.get('error_description')).toMatch(/"plain" is not allowed/);
    const methodOnly = await authorize(world, weakened('pkce-optional'), { code_challenge: undefined, code_challenge_method: 'S256' });
    expect(methodOnly.location?.searchParams.get('error_description')).toMatch(/code_challenge parameter is missing/);
  });
});

describe('weaken: redirect-uri-prefix (code theft by redirect)', () => {
  // Registered for playground-public: `${ORIGIN}/callback`. Each variant starts with it.
  const variants = [
    { redirect_uri: `${ORIGIN}/callback/../evil`, lands: `${ORIGIN}/evil` },
    { redirect_uri: `${ORIGIN}/callbackevil`, lands: `${ORIGIN}/callbackevil` },
  ];

  for (const { redirect_uri, lands } of variants) {
    it(`defence on: ${redirect_uri} gets an error page, never a redirect (RFC 9700 §4.1.3)`, async () => {
      const world = makeWorld();
      const { res, location } = await authorize(world, strict(), { redirect_uri });
      expect(res.status).toBe(400);
      expect(location).toBeUndefined();
      expect(await res.text()).toContain('exact match only');
    });

    it(`weakened: ${redirect_uri} receives the code at ${lands}, and the attacker redeems it`, async () => {
      const world = makeWorld();
      const { res, location, verifier, endpoints } = await authorize(world, weakened('redirect-uri-prefix'), { redirect_uri });
      expect(res.status).toBe(302);
      expect(`${location!.origin}${location!.pathname}`).toBe(lands);
      // The attacker started this request, so it holds the PKCE verifier too (RFC 9700 §4.1.1).
      const stolen = await redeem(world, endpoints.token, { code: location!.searchParams.get('code')!, redirect_uri, code_verifier: verifier });
      expect(stolen.status).toBe(200);
    });
  }

  it('weakened: an origin-only registration lets codes go to other hosts', async () => {
    const world = makeWorld();
    const record: DynamicClientRecord = {
      client_id: 'lab-app',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['https://app.example'],
      client_name: 'Lab app',
    };
    await world.env.store.set(clientKey('lab-app'), record, 3600);
    for (const [redirect_uri, host] of [
      ['https://app.example.evil.example/steal', 'app.example.evil.example'],
      ['https://app.example@evil.example/steal', 'evil.example'],
    ]) {
      const off = await authorize(world, weakened('redirect-uri-prefix'), { client_id: 'lab-app', redirect_uri });
      expect(off.location?.host).toBe(host);
      expect(off.location?.searchParams.get('code')).toBeTruthy();
      const on = await authorize(world, strict(), { client_id: 'lab-app', redirect_uri });
      expect(on.res.status).toBe(400);
      expect(on.location).toBeUndefined();
    }
  });

  it('weakened: a URI that does not start with a registered one is still refused', async () => {
    const world = makeWorld();
    const { res, location } = await authorize(world, weakened('redirect-uri-prefix'), { redirect_uri: 'https://evil.example/callback' });
    expect(res.status).toBe(400);
    expect(location).toBeUndefined();
    expect(await res.text()).toContain('prefix match, weakened by the scenario');
  });
});

describe('weaken: code-reuse (code replay)', () => {
  it('defence on: a replayed code is invalid_grant and revokes what the first redemption issued (RFC 6749 §4.1.2)', async () => {
    const world = makeWorld();
    const { location, verifier, endpoints } = await authorize(world, strict());
    const code = location!.searchParams.get('code')!;
    const first = await (await redeem(world, endpoints.token, { code, code_verifier: verifier })).json();
    const replay = await redeem(world, endpoints.token, { code, code_verifier: verifier });
    expect(replay.status).toBe(400);
    const body = await replay.json();
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(/already used/);
    expect(await findAccessToken(world.env.store, first.access_token)).toBeUndefined();
  });

  it('weakened: the code is redeemed again, and the first tokens stay valid', async () => {
    const world = makeWorld();
    const { location, verifier, endpoints } = await authorize(world, weakened('code-reuse'));
    const code = location!.searchParams.get('code')!;
    const first = await (await redeem(world, endpoints.token, { code, code_verifier: verifier })).json();
    const replay = await redeem(world, endpoints.token, { code, code_verifier: verifier });
    expect(replay.status).toBe(200);
    const second = await replay.json();
    expect(second.access_token).toBeTruthy();
    expect(second.access_token).not.toBe(first.access_token);
    expect(await findAccessToken(world.env.store, first.access_token)).toBeDefined();
  });

  it('weakened: a reused code still expires', async () => {
    const world = makeWorld();
    const { location, verifier, endpoints } = await authorize(world, weakened('code-reuse'));
    const code = location!.searchParams.get('code')!;
    expect((await redeem(world, endpoints.token, { code, code_verifier: verifier })).status).toBe(200);
    world.advance(61);
    const late = await redeem(world, endpoints.token, { code, code_verifier: verifier });
    expect((await late.json()).error_description).toMatch(/expired/);
  });
});

describe('weaken: no-iss-parameter (mix-up)', () => {
  it('defence on: every authorization response names the issuer, and discovery promises it (RFC 9207)', async () => {
    const world = makeWorld();
    const ok = await authorize(world, strict());
    expect(ok.location?.searchParams.get('iss')).toBe(ok.endpoints.fhirBase);
    const refused = await authorize(world, strict(), { scope: 'patient/Observation.xyz' });
    expect(refused.location?.searchParams.get('error')).toBe('invalid_scope');
    expect(refused.location?.searchParams.get('iss')).toBe(refused.endpoints.fhirBase);
    for (const doc of ['smart-configuration', 'openid-configuration']) {
      const config = await (await call(world.server, `${ok.endpoints.fhirBase}/.well-known/${doc}`, {})).json();
      expect(config.authorization_response_iss_parameter_supported).toBe(true);
    }
  });

  it("defence on: the pages' answers name the issuer too (consent and denial)", async () => {
    const world = makeWorld();
    const { redirect, endpoints } = await authorizeInteractively(world, { username: 'p-anna' });
    expect(redirect.searchParams.get('iss')).toBe(endpoints.fhirBase);
    const { params } = await authorizeParams();
    const view = await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` });
    const denied = await post(world.server, endpoints.authorize, { action: 'deny', session: sessionOf(view.body) });
    const location = locationOf(denied.body);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('iss')).toBe(endpoints.fhirBase);
  });

  it('weakened: no response names the issuer, and discovery does not promise it', async () => {
    const world = makeWorld();
    const ok = await authorize(world, weakened('no-iss-parameter'));
    expect(ok.location?.searchParams.get('code')).toBeTruthy();
    expect(ok.location?.searchParams.has('iss')).toBe(false);
    const refused = await authorize(world, weakened('no-iss-parameter'), { scope: 'patient/Observation.xyz' });
    expect(refused.location?.searchParams.get('error')).toBe('invalid_scope');
    expect(refused.location?.searchParams.has('iss')).toBe(false);
    const interactive = await authorizeInteractively(world, { username: 'p-anna', scenario: { weaken: ['no-iss-parameter'] } });
    expect(interactive.redirect.searchParams.has('iss')).toBe(false);
    for (const doc of ['smart-configuration', 'openid-configuration']) {
      const config = await (await call(world.server, `${ok.endpoints.fhirBase}/.well-known/${doc}`, {})).json();
      expect(config.authorization_response_iss_parameter_supported).toBeUndefined();
      expect(config['x-playground-weakened']).toEqual(['no-iss-parameter']);
    }
  });
});

describe('weaken: state-not-required (CSRF)', () => {
  it('defence on: a request without state is refused', async () => {
    const world = makeWorld();
    const { location } = await authorize(world, strict(), { state: undefined });
    expect(location?.searchParams.get('error')).toBe('invalid_request');
    expect(location?.searchParams.get('error_description')).toMatch(/state parameter is missing/);
    expect(location?.searchParams.has('code')).toBe(false);
  });

  it('weakened: a request without state gets a code, and the answer carries no state', async () => {
    const world = makeWorld();
    const { location, verifier, endpoints } = await authorize(world, weakened('state-not-required'), { state: undefined });
    expect(location?.searchParams.get('code')).toBeTruthy();
    expect(location?.searchParams.has('state')).toBe(false);
    const res = await redeem(world, endpoints.token, { code: location!.searchParams.get('code')!, code_verifier: verifier });
    expect(res.status).toBe(200);
  });

  it('weakened: a state that is sent still comes back', async () => {
    const world = makeWorld();
    const { location } = await authorize(world, weakened('state-not-required'));
    expect(location?.searchParams.get('state')).toBe('state-1234567890');
  });
});
