/**
 * The SMART JavaScript client (fhirclient, driven through its Node adapter)
 * completes a standalone launch against `npm run mock-server` over real HTTP:
 * discovery, authorize with PKCE, the token with the patient in context, a FHIR
 * read and a refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { startMockHttpServer, type MockHttpServer } from '../../mocks/http-server';
import { smartEndpoints } from '../../mocks/smart-auth/endpoints';
import { encodeScenario } from '../../mocks/smart-auth/scenario';

// fhirclient's Node entry point is CommonJS.
const smart = createRequire(import.meta.url)('fhirclient/lib/entry/node') as (
  req: unknown,
  res: unknown,
  storage: unknown,
) => {
  authorize(options: Record<string, unknown>): Promise<unknown>;
  ready(): Promise<{
    patient: { id: string | null };
    state: { tokenResponse?: Record<string, unknown> };
    request<T>(url: string): Promise<T>;
    refresh(): Promise<unknown>;
  }>;
};

/** What fhirclient needs of a Node request: the app's URL, as the browser would have opened it. */
const request = (path: string) => ({ url: path, headers: { host: 'localhost:5173', 'x-forwarded-proto': 'http' }, connection: {}, socket: {} });

function response() {
  const res = {
    status: 0,
    location: '',
    writeHead(status: number, headers: Record<string, string>) {
      res.status = status;
      res.location = headers.Location ?? headers.location ?? '';
    },
    end() {},
  };
  return res;
}

/** A session store, as fhirclient keeps its state between the launch and the callback. */
function storage() {
  const map = new Map<string, unknown>();
  return {
    get: async (k: string) => map.get(k),
    set: async (k: string, v: unknown) => {
      map.set(k, v);
      return v;
    },
    unset: async (k: string) => map.delete(k),
  };
}

let server: MockHttpServer;
beforeAll(async () => {
  server = await startMockHttpServer({ port: 0 });
});
afterAll(async () => {
  await server?.close();
});

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
