import { describe, expect, it } from 'vitest';
import { revokeAccessToken } from '../../../mocks/core/tokens';
import { OAUTH_URIS } from '../../../mocks/fhir/capability';
import { smartEndpoints } from '../../../mocks/smart-auth/endpoints';
import { encodeScenario } from '../../../mocks/smart-auth/scenario';
import { BASE, ORIGIN, setup, type Outcome } from './helpers';

interface Capability {
  resourceType: string;
  fhirVersion: string;
  format: string[];
  rest: {
    security: { extension: { url: string; extension: { url: string; valueUri: string }[] }[]; service: { coding: { code: string }[] }[] };
    resource: { type: string; interaction: { code: string }[]; searchParam: { name: string }[] }[];
  }[];
}

const oauthUris = (cap: Capability) =>
  Object.fromEntries(cap.rest[0].security.extension.find((e) => e.url === OAUTH_URIS)!.extension.map((e) => [e.url, e.valueUri]));

/** The `error` and `error_description` of a Bearer challenge. */
function challenge(res: Response) {
  const header = res.headers.get('www-authenticate') ?? '';
  const param = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(header)?.[1];
  return { scheme: header.split(' ')[0], realm: param('realm'), error: param('error'), description: param('error_description'), scope: param('scope') };
}

describe('GET metadata', () => {
  it('is open and advertises the SMART OAuth endpoints of the default base', async () => {
    const { get } = setup();
    const res = await get('metadata');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    const cap = (await res.json()) as Capability;
    expect(cap).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
    expect(cap.format).toContain('json');
    const e = smartEndpoints(ORIGIN);
    expect(oauthUris(cap)).toEqual({ authorize: e.authorize, token: e.token, introspect: e.introspect, register: e.register });
    expect(cap.rest[0].security.service[0].coding[0].code).toBe('SMART-on-FHIR');
  });

  it('points a scenario base at the same scenario’s endpoints', async () => {
    const { request } = setup();
    const segment = encodeScenario({ patient: 'p-bram', skipLogin: true });
    const res = await request(`${ORIGIN}/mock/smart/s/${segment}/fhir/metadata`);
    expect(res.status).toBe(200);
    const uris = oauthUris((await res.json()) as Capability);
    expect(uris.authorize).toBe(`${ORIGIN}/mock/smart/s/${segment}/auth/authorize`);
    expect(uris.token).toBe(`${ORIGIN}/mock/smart/s/${segment}/auth/token`);
  });

  it('lists read and search-type with the supported search parameters', async () => {
    const { get } = setup();
    const cap = (await (await get('metadata')).json()) as Capability;
    const obs = cap.rest[0].resource.find((r) => r.type === 'Observation')!;
    expect(obs.interaction.map((i) => i.code)).toEqual(['read', 'search-type']);
    expect(obs.searchParam.map((p) => p.name)).toEqual(expect.arrayContaining(['patient', 'category', 'code', 'date', '_id']));
    expect(cap.rest[0].resource.map((r) => r.type)).toContain('Group');
  });

  it('leaves /.well-known/* to the authorization server', async () => {
    const { server } = setup();
    expect(await server(new Request(`${BASE}/.well-known/smart-configuration`))).toBeUndefined();
    expect(await server(new Request(`${ORIGIN}/mock/smart/s/${encodeScenario({})}/fhir/.well-known/smart-configuration`))).toBeUndefined();
  });
});

describe('bearer token checks (RFC 6750)', () => {
  it('answers 401 invalid_token with an OperationOutcome when there is no token', async () => {
    const { get } = setup();
    const res = await get('Patient/p-anna');
    expect(res.status).toBe(401);
    expect(challenge(res)).toMatchObject({ scheme: 'Bearer', realm: BASE, error: 'invalid_token', description: 'No access token' });
    const body = (await res.json()) as Outcome;
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue[0].code).toBe('login');
    expect(body.issue[0].diagnostics).toContain('Authorization: Bearer');
  });

  it('does not take a token from the query string, and says so', async () => {
    const { get, token } = setup();
    const t = await token({ scope: 'user/*.rs' });
    const res = await get(`Patient/p-anna?access_token=${t}`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as Outcome).issue[0].diagnostics).toMatch(/query/);
  });

  it('rejects another authorization scheme', async () => {
    const { request } = setup();
    const res = await request('Patient/p-anna', { headers: { authorization: 'Basic dGVzdDp0ZXN0' } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as Outcome).issue[0].diagnostics).toContain('"Basic"');
  });

  it('answers 401 invalid_token for an unknown or revoked token', async () => {
    const { get, token, env } = setup();
    expect((await get('Patient/p-anna', 'never-issued')).status).toBe(401);
    const t = await token({ scope: 'user/*.rs' });
    expect((await get('Patient/p-anna', t)).status).toBe(200);
    await revokeAccessToken(env.store, t);
    const res = await get('Patient/p-anna', t);
    expect(res.status).toBe(401);
    expect(challenge(res).error).toBe('invalid_token');
  });

  it('answers 401 "The access token expired" once exp has passed', async () => {
    const { get, token, advance } = setup();
    const t = await token({ scope: 'user/*.rs' });
    expect((await get('Patient/p-anna', t)).status).toBe(200);
    advance(3600 * 1000);
    const res = await get('Patient/p-anna', t);
    expect(res.status).toBe(401);
    expect(challenge(res)).toMatchObject({ error: 'invalid_token', description: 'The access token expired' });
    const body = (await res.json()) as Outcome;
    expect(body.issue[0].code).toBe('expired');
    expect(body.issue[0].diagnostics).toContain('refresh');
  });

  it('refuses a token issued for another FHIR base (another scenario)', async () => {
    const { request, token } = setup();
    const t = await token({ scope: 'user/*.rs' });
    const other = `${ORIGIN}/mock/smart/s/${encodeScenario({ patient: 'p-anna' })}/fhir`;
    const res = await request(`${other}/Patient/p-anna`, { token: t });
    expect(res.status).toBe(401);
    expect(challenge(res).error).toBe('invalid_token');
    expect(((await res.json()) as Outcome).issue[0].diagnostics).toContain(BASE);
  });
});

describe('scenario errors on the FHIR server', () => {
  async function scenarioSetup(error: 'request_invalid_token' | 'request_expired_token') {
    const s = setup();
    const base = smartEndpoints(ORIGIN, encodeScenario({ error })).fhirBase;
    const t = await s.token({ scope: 'user/*.rs', iss: base });
    return { ...s, base, t };
  }

  it('request_invalid_token makes every authorized request 401 invalid_token', async () => {
    const { request, base, t } = await scenarioSetup('request_invalid_token');
    for (const path of ['Patient/p-anna', 'Observation?patient=p-anna']) {
      const res = await request(`${base}/${path}`, { token: t });
      expect(res.status).toBe(401);
      expect(challenge(res).error).toBe('invalid_token');
      expect(((await res.json()) as Outcome).issue[0].diagnostics).toContain('request_invalid_token');
    }
    // Discovery still works: the scenario breaks tokens, not the server.
    expect((await request(`${base}/metadata`)).status).toBe(200);
  });

  it('request_expired_token answers 401 "expired" for a fresh token', async () => {
    const { request, base, t } = await scenarioSetup('request_expired_token');
    const res = await request(`${base}/Patient/p-anna`, { token: t });
    expect(res.status).toBe(401);
    expect(challenge(res)).toMatchObject({ error: 'invalid_token', description: 'The access token expired' });
  });

  it('answers 400 with an OperationOutcome for a scenario segment that does not decode', async () => {
    const { request } = setup();
    const res = await request(`${ORIGIN}/mock/smart/s/not-a-scenario/fhir/metadata`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Outcome;
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue[0].diagnostics).toContain('scenario');
  });
});
