import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../mocks/core/store';
import type { MockEnv } from '../../../mocks/core/server';
import { createEhrServer } from '../../../mocks/ehr/server';
import { findLaunchContext } from '../../../mocks/smart-auth/launch-context';
import { encodeScenario } from '../../../mocks/smart-auth/scenario';
import { createSmartAuthServer } from '../../../mocks/smart-auth/server';
import { authorizeParams, post as postJson, screenOf } from '../smart-auth/helpers';

const ORIGIN = 'http://localhost';

function makeEnv() {
  const clock = { now: Date.UTC(2026, 0, 15, 9, 0, 0) };
  const now = () => clock.now;
  const env: MockEnv = { store: new MemoryStore(now), now, appOrigins: [], transport: 'node' };
  return { env, clock, ehr: createEhrServer(env) };
}

async function launch(ehr: ReturnType<typeof createEhrServer>, body: unknown) {
  const res = await ehr(
    new Request(`${ORIGIN}/mock/ehr/launch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  );
  if (!res) throw new Error('no answer');
  return { status: res.status, body: await res.json() };
}

const GOOD = { patient: 'p-grace', practitioner: 'pr-noor', encounter: 'e-grace-1', launchUrl: `${ORIGIN}/launch` };

describe('mock EHR', () => {
  it('stores the launch context and sends the browser to the launch URL with iss and launch', async () => {
    const { env, ehr } = makeEnv();
    const { status, body } = await launch(ehr, GOOD);
    expect(status).toBe(200);
    const location = new URL(body.location);
    expect(`${location.origin}${location.pathname}`).toBe(`${ORIGIN}/launch`);
    expect(location.searchParams.get('iss')).toBe(`${ORIGIN}/mock/smart/fhir`);
    const id = location.searchParams.get('launch') ?? '';
    expect(id).toBe(body.launch);
    expect(await findLaunchContext(env.store, id)).toMatchObject({
      patient: 'p-grace',
      practitioner: 'pr-noor',
      fhirUser: 'Practitioner/pr-noor',
      encounter: 'e-grace-1',
      need_patient_banner: true,
      smart_style_url: `${ORIGIN}/mock/smart/smart-style.json`,
    });
  });

  it('forgets the launch after ten minutes', async () => {
    const { env, clock, ehr } = makeEnv();
    const { body } = await launch(ehr, GOOD);
    clock.now += 599_000;
    expect(await findLaunchContext(env.store, body.launch)).toBeDefined();
    clock.now += 2_000;
    expect(await findLaunchContext(env.store, body.launch)).toBeUndefined();
  });

  it("keeps the app's own query parameters on the launch URL", async () => {
    const { ehr } = makeEnv();
    const { body } = await launch(ehr, { ...GOOD, launchUrl: 'https://app.example/launch?flow=ehr' });
    const location = new URL(body.location);
    expect(location.searchParams.get('flow')).toBe('ehr');
    expect(location.searchParams.get('launch')).toBeTruthy();
  });

  it('launches against a scenario FHIR base when scenario options are given', async () => {
    const { ehr } = makeEnv();
    const scenario = { skipConsent: true };
    const { body } = await launch(ehr, { ...GOOD, scenario });
    expect(body.iss).toBe(`${ORIGIN}/mock/smart/s/${encodeScenario(scenario)}/fhir`);
  });

  it.each([
    [{ ...GOOD, patient: 'p-nobody' }, /patient "p-nobody"/],
    [{ ...GOOD, patient: undefined }, /patient is required/],
    [{ ...GOOD, practitioner: 'pr-nobody' }, /practitioner "pr-nobody"/],
    [{ ...GOOD, encounter: 'e-anna-1' }, /belongs to another patient/],
    [{ ...GOOD, encounter: 'e-none' }, /does not exist/],
    [{ ...GOOD, launchUrl: '/launch' }, /absolute URL/],
    [{ ...GOOD, launchUrl: 'javascript:alert(1)' }, /http or https/],
    [{ ...GOOD, fhirBase: 'https://fhir.example.org/r4' }, /fhirBase must be/],
    [{ ...GOOD, fhirBase: `${ORIGIN}/mock/smart/s/%7B/fhir` }, /scenario/],
  ])('refuses a bad launch request (%#)', async (request, message) => {
    const { ehr } = makeEnv();
    const { status, body } = await launch(ehr, request);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toMatch(message);
  });

  it("lists patients, practitioners and each patient's encounters for its page", async () => {
    const { ehr } = makeEnv();
    const res = await ehr(new Request(`${ORIGIN}/mock/ehr/context`));
    const body = await res!.json();
    expect(body.patients).toHaveLength(9);
    expect(body.practitioners.map((p: { id: string }) => p.id)).toEqual(['pr-lotte', 'pr-samuel', 'pr-noor']);
    expect(body.encounters.filter((e: { patient: string }) => e.patient === 'p-grace').map((e: { id: string }) => e.id)).toContain('e-grace-1');
    expect(body.defaultFhirBase).toBe(`${ORIGIN}/mock/smart/fhir`);
  });

  it('hands the authorization server a launch it accepts, with the EHR user suggested at sign-in', async () => {
    const { env, ehr } = makeEnv();
    const { body } = await launch(ehr, GOOD);
    const auth = createSmartAuthServer(env);
    const { params, endpoints } = await authorizeParams({ launch: body.launch, scope: 'launch openid fhirUser patient/*.rs' });
    const answer = await postJson(auth, endpoints.authorize, { action: 'view', query: `?${params}` });
    expect(screenOf(answer.body)).toMatchObject({ screen: 'login', login: 'provider', suggested: 'pr-noor' });
  });

  it('leaves other paths alone', async () => {
    const { ehr } = makeEnv();
    expect(await ehr(new Request(`${ORIGIN}/mock/smart/fhir/metadata`))).toBeUndefined();
  });
});
