import { describe, expect, it } from 'vitest';
import { zorgaanbiederEndpoints } from '../../../mocks/medmij/endpoints';
import { encodeMedMijScenario } from '../../../mocks/medmij/scenario';
import { authorizeUrl, REDIRECT, run } from './helpers/flow';
import { call, createTestMocks, ORIGIN } from './helpers/mocks';

const ep = zorgaanbiederEndpoints(ORIGIN, 'umcharderwijk');

async function codeFor(mocks: ReturnType<typeof createTestMocks>, scope = '4') {
  const end = await run(mocks, authorizeUrl({ scope }));
  if (end.kind !== 'callback') throw new Error('no callback');
  return end.params.get('code')!;
}

function tokenRequest(
  mocks: ReturnType<typeof createTestMocks>,
  fields: Record<string, string | undefined>,
  url = ep.token,
  type = 'application/x-www-form-urlencoded',
) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) body.set(k, v);
  return call(mocks.server, url, { method: 'POST', headers: { 'content-type': type }, body: body.toString() });
}

const exchange = (code: string, extra: Record<string, string | undefined> = {}) => ({
  grant_type: 'authorization_code',
  code,
  redirect_uri: REDIRECT,
  client_id: 'localhost',
  ...extra,
});

describe('MedMij token interface', () => {
  it('exchanges the code for a bearer token of 900 s, not cached', async () => {
    const mocks = createTestMocks();
    const res = await tokenRequest(mocks, exchange(await codeFor(mocks)));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    const body = await res.json();
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 900, scope: '4' });
    expect(body.access_token).toMatch(/^[0-9a-f-]{36}$/);
  });

  const rows: [string, (code: string) => Record<string, string | undefined>, string, number][] = [
    ['grant_type missing', (c) => exchange(c, { grant_type: undefined }), 'invalid_request', 400],
    ['code missing', () => exchange('', { code: undefined }), 'invalid_request', 400],
    ['redirect_uri missing', (c) => exchange(c, { redirect_uri: undefined }), 'invalid_request', 400],
    ['client_id missing', (c) => exchange(c, { client_id: undefined }), 'invalid_request', 400],
    ['client_id not on the OCL', (c) => exchange(c, { client_id: 'evil.example' }), 'invalid_client', 401],
    ['another grant type', (c) => exchange(c, { grant_type: 'password' }), 'unsupported_grant_type', 400],
    ['unknown code', () => exchange('00000000-0000-4000-8000-000000000000'), 'invalid_grant', 400],
    ['redirect_uri differs', (c) => exchange(c, { redirect_uri: `${REDIRECT}/other` }), 'invalid_grant', 400],
    ['scope differs from the consent', (c) => exchange(c, { scope: '1' }), 'invalid_scope', 400],
  ];
  for (const [name, fields, error, status] of rows) {
    it(`${name}: ${error}`, async () => {
      const mocks = createTestMocks();
      const res = await tokenRequest(mocks, fields(await codeFor(mocks)));
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(body.error).toBe(error);
      expect(body.error_description).toBeTruthy();
      expect(res.headers.get('cache-control')).toBe('no-store');
      if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/invalid_client/);
    });
  }

  it('a body that is not form-encoded: invalid_request', async () => {
    const mocks = createTestMocks();
    const res = await tokenRequest(mocks, exchange(await codeFor(mocks)), ep.token, 'application/json');
    expect((await res.json()).error).toBe('invalid_request');
  });

  it('a replayed code: invalid_grant, and the token it gave is revoked', async () => {
    const mocks = createTestMocks();
    const code = await codeFor(mocks);
    const first = await (await tokenRequest(mocks, exchange(code))).json();
    const fhir = () => call(mocks.server, `${ep.resource}/Observation?category=laboratory`, { headers: { authorization: `Bearer ${first.access_token}` } });
    expect((await fhir()).status).toBe(200);
    const second = await tokenRequest(mocks, exchange(code));
    expect((await second.json()).error).toBe('invalid_grant');
    expect((await fhir()).status).toBe(401);
  });

  it('a code replayed after its own 900 s, while the token it gave still lives: invalid_grant, and that token is revoked', async () => {
    const mocks = createTestMocks();
    const code = await codeFor(mocks);
    mocks.advance(800_000);
    const first = await (await tokenRequest(mocks, exchange(code))).json();
    const fhir = () => call(mocks.server, `${ep.resource}/Observation?category=laboratory`, { headers: { authorization: `Bearer ${first.access_token}` } });
    mocks.advance(200_000); // the code is 1,000 s old; the token 200 s
    expect((await fhir()).status).toBe(200);
    const replay = await (await tokenRequest(mocks, exchange(code))).json();
    expect(replay.error).toBe('invalid_grant');
    expect(replay.error_description).toMatch(/already used/);
    expect((await fhir()).status).toBe(401);
  });

  it('two requests racing with one code: no token that either gets stays valid', async () => {
    const mocks = createTestMocks();
    const code = await codeFor(mocks);
    const answers = await Promise.all([tokenRequest(mocks, exchange(code)), tokenRequest(mocks, exchange(code))]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(bodies.filter((b) => b.error === 'invalid_grant').length).toBeGreaterThanOrEqual(1);
    for (const b of bodies.filter((b) => b.access_token)) {
      const res = await call(mocks.server, `${ep.resource}/Observation?category=laboratory`, { headers: { authorization: `Bearer ${b.access_token}` } });
      expect(res.status).toBe(401);
    }
  });

  it('an expired code (after 900 s): invalid_grant', async () => {
    const mocks = createTestMocks();
    const code = await codeFor(mocks);
    mocks.advance(901_000);
    expect((await (await tokenRequest(mocks, exchange(code))).json()).error).toBe('invalid_grant');
  });

  it('a client the server has not enabled for this grant (simulated): unauthorized_client', async () => {
    const mocks = createTestMocks();
    const code = await codeFor(mocks);
    const url = zorgaanbiederEndpoints(ORIGIN, 'umcharderwijk', encodeMedMijScenario({ token: 'unauthorized_client' })).token;
    expect((await (await tokenRequest(mocks, exchange(code), url)).json()).error).toBe('unauthorized_client');
  });

  it('never answers access_denied (RFC0015), whatever is wrong', async () => {
    const mocks = createTestMocks();
    const code = await codeFor(mocks);
    for (const fields of rows.map(([, f]) => f(code))) {
      const body = await (await tokenRequest(mocks, fields)).json();
      expect(body.error).not.toBe('access_denied');
    }
  });
});

describe('MedMij resource server', () => {
  async function tokenFor(mocks: ReturnType<typeof createTestMocks>) {
    return (await (await tokenRequest(mocks, exchange(await codeFor(mocks)))).json()).access_token as string;
  }

  it('answers a lab search with a Bundle that carries no BSN', async () => {
    const mocks = createTestMocks();
    const token = await tokenFor(mocks);
    const res = await call(mocks.server, `${ep.resource}/Observation?category=laboratory`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const bundle = JSON.parse(text);
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry.length).toBeGreaterThan(0);
    expect(text).not.toContain('999990019');
    expect(text).not.toContain('NamingSystem/bsn');
  });

  it('refuses a request without a token, with a bad token, or outside the gegevensdienst', async () => {
    const mocks = createTestMocks();
    const token = await tokenFor(mocks);
    const none = await call(mocks.server, `${ep.resource}/Observation`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const bad = await call(mocks.server, `${ep.resource}/Observation`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.headers.get('www-authenticate')).toMatch(/invalid_token/);
    const other = await call(mocks.server, `${ep.resource}/MedicationStatement`, { headers: { authorization: `Bearer ${token}` } });
    expect(other.status).toBe(403);
    expect(other.headers.get('www-authenticate')).toMatch(/insufficient_scope/);
  });

  it('refuses a request that names a person by BSN', async () => {
    const mocks = createTestMocks();
    const token = await tokenFor(mocks);
    const res = await call(mocks.server, `${ep.resource}/Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn|999990019`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(400);
  });

  it('a token is good only at the resource server of its own zorgaanbieder', async () => {
    const mocks = createTestMocks();
    const token = await tokenFor(mocks);
    const res = await call(mocks.server, `${zorgaanbiederEndpoints(ORIGIN, 'huisartsvandam').resource}/Observation`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
  });
});
