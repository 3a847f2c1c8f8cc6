/**
 * The SMART JavaScript client (fhirclient, driven through its Node adapter)
 * completes a standalone launch against `npm run mock-server` over real HTTP:
 * discovery, authorize with PKCE, the token with the patient in context, a FHIR
 * read and a refresh.
 */
import { describe, expect, it } from 'vitest';
import { smartEndpoints } from '../../mocks/smart-auth/endpoints';
import { encodeScenario } from '../../mocks/smart-auth/scenario';
import { appRequest as request, appResponse as response, sessionStore as storage, smart } from './fhirclient-node';
import { mockHttpServerForFile } from '../support/mock-http-server';

const server = mockHttpServerForFile();

describe('SMART mock servers driven by fhirclient', () => {
  it('completes a standalone launch with PKCE and reads the patient in context', async () => {
    const scenario = encodeScenario({ patient: 'p-daan', skipLogin: true, skipConsent: true });
    const { fhirBase } = smartEndpoints(server.origin, scenario);
    const session = storage();

    const launch = response();
    await smart(request('/launch'), launch, session).authorize({
      iss: fhirBase,
      clientId: 'playground-public',
      scope: 'launch/patient openid fhirUser offline_access patient/Patient.rs patient/Observation.rs',
      redirectUri: '/callback',
      pkceMode: 'required',
    });
    expect(launch.status).toBe(302);
    const authorizeUrl = new URL(launch.location);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('aud')).toBe(fhirBase);

    const answer = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const callback = new URL(answer.headers.get('location')!);
    expect(callback.origin + callback.pathname).toBe('http://localhost:5173/callback');

    const client = await smart(request(callback.pathname + callback.search), response(), session).ready();
    expect(client.patient.id).toBe('p-daan');
    const patient = await client.request<{ name: { text: string }[] }>(`Patient/${client.patient.id}`);
    expect(patient.name[0].text).toBe('Daan Visser');

    const before = client.state.tokenResponse?.access_token;
    await client.refresh();
    expect(client.state.tokenResponse?.access_token).toBeTruthy();
    expect(client.state.tokenResponse?.access_token).not.toBe(before);
  });
});
