/**
 * The provider standalone launch's own client code (the steps the playground
 * runs in the browser) against the mock servers under msw/node. The person at
 * the authorization server's page is played through the page's own protocol:
 * view, sign in as a practitioner, pick a patient, consent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { createNodeMocks } from '../../mocks/node';
import { FlowRunner } from '../../src/flows/runner';
import { providerStandaloneLaunchModule } from '../../src/flows/smart-launch/provider-standalone-launch';
import type { SmartLaunchState } from '../../src/flows/smart-launch/state';
import type { AuthorizeAction, AuthorizeAnswer, AuthorizeScreen } from '../../mocks/smart-auth/screens';
import { MemoryStorage } from '../support/memory-storage';

const ORIGIN = 'http://localhost';
const mocks = createNodeMocks({ appOrigins: [ORIGIN] });
beforeAll(() => mocks.msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => mocks.msw.close());

async function act(pagePath: string, action: AuthorizeAction): Promise<AuthorizeAnswer> {
  const res = await fetch(pagePath, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(action) });
  return (await res.json()) as AuthorizeAnswer;
}

function screen(answer: AuthorizeAnswer): AuthorizeScreen {
  if ('location' in answer) throw new Error(`expected a screen, got a redirect to ${answer.location}`);
  return answer;
}

describe('SMART provider standalone launch under msw/node', () => {
  it('a practitioner signs in, picks a patient; the token carries that patient, fhirUser is the practitioner, FHIR reads work', async () => {
    let away: string | undefined;
    const runner = new FlowRunner(providerStandaloneLaunchModule, {
      storage: new MemoryStorage(),
      origin: ORIGIN,
      mode: 'mock',
      navigate: (url) => (away = url),
    });
    expect(runner.state.scope.split(' ')).toEqual(expect.arrayContaining(['launch/patient', 'user/Patient.rs', 'user/Observation.rs']));
    await runner.runToEnd();
    expect(away).toBeDefined();
    const authorize = new URL(away!);
    expect(authorize.searchParams.get('scope')).toContain('user/Observation.rs');

    // The browser arrives at the server's page, which asks its server what to show.
    const page = `${authorize.origin}${authorize.pathname}`;
    const login = screen(await act(page, { action: 'view', query: authorize.search }));
    expect(login).toMatchObject({ screen: 'login', login: 'provider' });
    if (login.screen !== 'login') throw new Error();
    const picker = screen(await act(page, { action: 'login', session: login.session, username: 'pr-samuel', password: 'pw' }));
    expect(picker.screen).toBe('patient-picker');
    if (picker.screen !== 'patient-picker') throw new Error();
    expect(picker.patients.find((p) => p.id === 'p-finn')).toMatchObject({ name: 'Finn Meijer', gender: 'male' });
    const consent = screen(await act(page, { action: 'pick-patient', session: picker.session, patient: 'p-finn' }));
    if (consent.screen !== 'consent') throw new Error(JSON.stringify(consent));
    const back = await act(page, { action: 'consent', session: consent.session, scopes: consent.scopes.map((s) => s.scope) });
    if (!('location' in back)) throw new Error(JSON.stringify(back));

    runner.receiveReturn(back.location);
    await runner.runToEnd();
    expect(runner.phase()).toEqual({ kind: 'finished' });
    const state: SmartLaunchState = runner.state;
    expect(state.patient).toBe('p-finn');
    expect(state.fhirUser).toMatch(/\/Practitioner\/pr-samuel$/);
    expect(decodeJwt(state.idToken!).fhirUser).toBe(state.fhirUser);
    expect(state.patientName).toBe('Finn Meijer');
    const signedIn = runner.current.steps.find((s) => s.id === 'fhir-user')!.artifacts.find((a) => a.kind === 'value');
    expect(signedIn?.kind === 'value' && signedIn.value).toContain('Samuel Adeyemi');
    const observations = runner.current.steps.find((s) => s.id === 'observations')!;
    expect(observations.status.kind).toBe('done');
  });
});
