import { exportJWK, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { combine, type MockEnv } from '../../../mocks/core/server';
import { MemoryStore } from '../../../mocks/core/store';
import { createFhirServer } from '../../../mocks/fhir/server';
import { claimCode, issueUserTokens, saveCode, type Grant } from '../../../mocks/smart-auth/grants';
import { decodeScenario, encodeScenario } from '../../../mocks/smart-auth/scenario';
import { createSmartAuthServer } from '../../../mocks/smart-auth/server';
import { SIGNING_KEY } from '../../../mocks/smart-auth/signing-key';
import { createBackendRegistrationServer } from '../../../mocks/smart-auth/backend/registration';
import { CountingStore } from './counting-store';
import { authorizeInteractively, authorizeParams, basic, call, endpointsFor, exchangeCode, form, post, APP_ORIGIN, type TestWorld } from './helpers';
import { registerBackendClient, requestSystemToken } from './backend-client';

const stores: MemoryStore[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

/** The SMART authorization server and the FHIR server on one store, which the test can count and pause. */
function countedWorld(): TestWorld & { counting: CountingStore; memory: MemoryStore } {
  const clock = { now: Date.UTC(2026, 0, 15, 9, 0, 0) };
  const now = () => clock.now;
  const memory = new MemoryStore(now);
  stores.push(memory);
  const counting = new CountingStore(memory);
  const env: MockEnv = { store: counting, now, appOrigins: [APP_ORIGIN], transport: 'node' };
  const server = combine(createSmartAuthServer(env), createBackendRegistrationServer(env), createFhirServer(env));
  return { env, server, clock, advance: (s) => (clock.now += s * 1000), counting, memory };
}

const CONFIDENTIAL_AUTH = { authorization: basic('playground-confidential', 'playground-secret') };

async function introspect(world: TestWorld, token: string): Promise<{ active: boolean }> {
  const init = form({ token });
  const res = await call(world.server, endpointsFor().introspect, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), ...CONFIDENTIAL_AUTH },
  });
  return res.json();
}

async function fhirStatus(world: TestWorld, token: string): Promise<number> {
  const res = await call(world.server, `${endpointsFor().fhirBase}/Patient/p-anna`, { headers: { authorization: `Bearer ${token}` } });
  return res.status;
}

describe('a replayed code revokes what its first redemption issued, whatever the timing', () => {
  it('two redemptions at the same moment: one wins, and its tokens are dead after the other', async () => {
    for (let round = 0; round < 10; round++) {
      const world = countedWorld();
      const { redirect, verifier, endpoints } = await authorizeInteractively(world, { username: 'p-anna' });
      const answers = await Promise.all([exchangeCode(world, redirect, verifier, endpoints.token), exchangeCode(world, redirect, verifier, endpoints.token)]);
      const bodies = await Promise.all(answers.map((a) => a.json()));
      const refused = bodies.filter((b) => b.error === 'invalid_grant');
      expect(refused.length, 'a code is single use: at least one redemption is refused').toBeGreaterThanOrEqual(1);
      for (const body of bodies.filter((b) => b.access_token)) {
        expect((await introspect(world, body.access_token)).active).toBe(false);
        expect(await fhirStatus(world, body.access_token)).toBe(401);
        const refresh = await call(
          world.server,
          endpoints.token,
          form({ grant_type: 'refresh_token', refresh_token: body.refresh_token, client_id: 'playground-public' }),
        );
        expect((await refresh.json()).error).toBe('invalid_grant');
      }
    }
  });

  it('a replay that lands after the winner claimed the code but before it saved its tokens still kills them', async () => {
    const world = countedWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { username: 'p-anna' });
    let reached!: () => void;
    const atGate = new Promise<void>((ok) => (reached = ok));
    let open!: () => void;
    const gate = new Promise<void>((ok) => (open = ok));
    world.counting.gate = { prefix: 'smart:access:', wait: () => (reached(), gate) };

    const winner = exchangeCode(world, redirect, verifier, endpoints.token);
    await atGate; // the winner has claimed the code and is saving its access token
    world.counting.gate = undefined;
    const replay = await exchangeCode(world, redirect, verifier, endpoints.token);
    expect((await replay.json()).error).toBe('invalid_grant');
    open();
    const won = await (await winner).json();
    if (won.access_token) {
      expect((await introspect(world, won.access_token)).active).toBe(false);
      expect(await fhirStatus(world, won.access_token)).toBe(401);
    } else {
      expect(won.error).toBe('invalid_grant');
    }
  });

  it('a replay costs the same with 10 or 100,000 tokens of other grants in the store', async () => {
    const cost = async (others: number) => {
      const world = countedWorld();
      for (let i = 0; i < others; i++) {
        const grant: Grant = {
          grantId: `other-${i}`,
          clientId: 'playground-public',
          iss: endpointsFor().fhirBase,
          scope: 'patient/Observation.rs offline_access',
          user: 'Patient/p-bram',
          context: {},
        };
        await issueUserTokens(world.env, grant, grant.scope, 'authorization_code');
      }
      const { redirect, verifier, endpoints } = await authorizeInteractively(world, { username: 'p-anna' });
      const first = await (await exchangeCode(world, redirect, verifier, endpoints.token)).json();
      expect(first.access_token).toBeTruthy();
      world.counting.reset();
      const replay = await exchangeCode(world, redirect, verifier, endpoints.token);
      expect((await replay.json()).error).toBe('invalid_grant');
      expect((await introspect(world, first.access_token)).active).toBe(false);
      return { operations: world.counting.operations, keysTouched: world.counting.keysTouched, size: world.memory.size };
    };
    const small = await cost(10);
    const large = await cost(100_000);
    expect(large.size).toBeGreaterThan(200_000);
    expect(large.operations).toBe(small.operations);
    expect(large.keysTouched).toBe(small.keysTouched);
  }, 120_000);
});

describe('a code and a refresh token are redeemed only at the issuer that issued them', () => {
  const A = { patient: 'p-anna' };
  const B = { patient: 'p-bram' };

  it('refuses a code from scenario A at scenario B’s token endpoint with invalid_grant', async () => {
    const world = countedWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { scenario: A });
    const other = endpointsFor(B);
    expect(other.fhirBase).not.toBe(endpoints.fhirBase);
    const res = await exchangeCode(world, redirect, verifier, other.token);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toContain(endpoints.fhirBase);
    // Refused at the wrong issuer, the code still works at its own.
    expect((await exchangeCode(world, redirect, verifier, endpoints.token)).status).toBe(200);
  });

  it('refuses a refresh token from scenario A at scenario B’s token endpoint', async () => {
    const world = countedWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world, { scenario: A });
    const tokens = await (await exchangeCode(world, redirect, verifier, endpoints.token)).json();
    const refresh = (url: string) =>
      call(world.server, url, form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: 'playground-public' }));
    const res = await refresh(endpointsFor(B).token);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_grant');
    expect((await refresh(endpoints.token)).status).toBe(200);
  });
});

describe('scenario.codeLifetime: a teacher may pause between steps', () => {
  it('keeps a code good for codeLifetime seconds, and no longer', async () => {
    const world = countedWorld();
    const scenario = { codeLifetime: 600 };
    const early = await authorizeInteractively(world, { scenario });
    world.advance(300);
    expect((await exchangeCode(world, early.redirect, early.verifier, early.endpoints.token)).status).toBe(200);

    const late = await authorizeInteractively(world, { scenario });
    world.advance(601);
    const res = await exchangeCode(world, late.redirect, late.verifier, late.endpoints.token);
    const body = await res.json();
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toContain('600 seconds');
  });

  it('stays at the strict 60 seconds by default', async () => {
    const world = countedWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world);
    world.advance(61);
    const body = await (await exchangeCode(world, redirect, verifier, endpoints.token)).json();
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toContain('60 seconds');
  });

  it('accepts whole seconds from 60 to 3600 and refuses anything else with a reason', () => {
    for (const ok of [60, 61, 900, 3600]) expect(decodeScenario(encodeScenario({ codeLifetime: ok })).ok).toBe(true);
    for (const bad of [59, 3601, 0, -60, 90.5, '600', null, true]) {
      const decoded = decodeScenario(encodeScenario({ codeLifetime: bad } as never));
      expect(decoded.ok, `codeLifetime ${JSON.stringify(bad)}`).toBe(false);
      if (!decoded.ok) expect(decoded.reason).toMatch(/codeLifetime must be a whole number of seconds from 60 to 3600/);
    }
  });

  it('the authorization server refuses a scenario with a codeLifetime out of bounds', async () => {
    const world = countedWorld();
    const { params, endpoints } = await authorizeParams({}, { codeLifetime: 7200 });
    const answer = await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('codeLifetime');
  });
});

describe('every record the servers keep has a lifetime', () => {
  it('an expired code is gone from the store after eviction', async () => {
    const world = countedWorld();
    const { redirect } = await authorizeInteractively(world);
    const code = redirect.searchParams.get('code');
    const before = world.memory.size;
    expect(await world.memory.get(`smart:code:${code}`)).toBeDefined();
    world.advance(24 * 3600);
    world.memory.evictExpired();
    expect(world.memory.size).toBeLessThan(before);
    expect(await world.memory.keys('smart:code:')).toEqual([]);
    expect(await world.memory.keys('smart:grant:')).toEqual([]);
  });

  it('after a launch, a refresh, a backend registration and a client_credentials grant, only the signing key outlives them', async () => {
    const world = countedWorld();
    const { redirect, verifier, endpoints } = await authorizeInteractively(world);
    const tokens = await (await exchangeCode(world, redirect, verifier, endpoints.token)).json();
    await call(world.server, endpoints.token, form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: 'playground-public' }));
    await authorizeInteractively(world); // a code never redeemed
    const { params } = await authorizeParams();
    await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` }); // a session never finished
    const backend = await registerBackendClient(world.env, 'backend-app');
    await requestSystemToken(world.server, backend, endpoints.token, 'system/Patient.rs');
    const { publicKey } = await generateKeyPair('ES384', { extractable: true });
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'h1', alg: 'ES384' }] };
    const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const hosted = await call(world.server, endpoints.jwksHost, json(jwks));
    expect(hosted.status).toBe(201);
    const { url } = await hosted.json();
    const registered = await call(
      world.server,
      endpoints.register,
      json({ token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'], jwks_uri: url }),
    );
    expect(registered.status).toBe(201);
    expect(world.memory.size).toBeGreaterThan(8);

    world.advance(31 * 24 * 3600 + 2 * 3600);
    world.memory.evictExpired();
    expect(world.memory.size).toBe(1);
    expect(await world.memory.get(SIGNING_KEY)).toBeDefined();
  });

  it('keeps a flat memory while a server issues a code and tokens every 10 seconds for two days', async () => {
    const world = countedWorld();
    const fhirBase = endpointsFor().fhirBase;
    const sizes: number[] = [];
    for (let i = 0; i < 2 * 24 * 360; i++) {
      const grant: Grant = {
        grantId: `g-${i}`,
        clientId: 'playground-public',
        iss: fhirBase,
        scope: 'patient/Observation.rs',
        user: 'Patient/p-anna',
        context: {},
      };
      const code = await saveCode(world.env, { grant, redirectUri: 'http://localhost/callback', codeChallenge: 'x' });
      expect((await claimCode(world.env, code.code, fhirBase)).kind).toBe('claimed');
      expect((await issueUserTokens(world.env, grant, grant.scope, 'authorization_code')).ok).toBe(true);
      world.advance(10);
      if (i % 6 === 0) world.memory.evictExpired(); // the store's own timer, once a simulated minute
      sizes.push(world.memory.size);
    }
    const day = 24 * 360;
    const peak = (from: number, to: number) => Math.max(...sizes.slice(from, to));
    // Once the longest lifetime (a code record, 2 h) has passed, the size stops growing.
    expect(peak(day, 2 * day)).toBeLessThanOrEqual(peak(day / 2, day) + 10);
    expect(peak(day, 2 * day)).toBeLessThan(5000);
  }, 60_000);
});
