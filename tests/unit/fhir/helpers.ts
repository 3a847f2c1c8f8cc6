import { MemoryStore } from '../../../mocks/core/store';
import type { MockEnv } from '../../../mocks/core/server';
import { saveAccessToken, type AccessTokenRecord } from '../../../mocks/core/tokens';
import { createFhirServer } from '../../../mocks/fhir/server';
import { smartEndpoints } from '../../../mocks/smart-auth/endpoints';

export const ORIGIN = 'http://localhost';
export const BASE = smartEndpoints(ORIGIN).fhirBase;

export interface Bundle {
  resourceType: 'Bundle';
  type: string;
  total: number;
  link: { relation: string; url: string }[];
  entry?: { fullUrl: string; resource: Record<string, unknown> & { resourceType: string; id: string }; search: { mode: string } }[];
}

export interface Outcome {
  resourceType: 'OperationOutcome';
  issue: { severity: string; code: string; diagnostics: string }[];
}

/** A FHIR server with its own store and a clock the test can move. */
export function setup() {
  let now = Date.now();
  const env: MockEnv = { store: new MemoryStore(() => now), now: () => now, appOrigins: [], transport: 'node' };
  const server = createFhirServer(env);
  let n = 0;

  /** Store an access token as the authorization server would, and return it. */
  async function token(fields: Partial<AccessTokenRecord> & { scope: string }): Promise<string> {
    const value = `test-token-${++n}`;
    const iat = Math.floor(now / 1000);
    await saveAccessToken(env.store, { token: value, clientId: 'test-app', iat, exp: iat + 3600, iss: BASE, grantType: 'authorization_code', ...fields }, now);
    return value;
  }

  async function request(url: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    const full = url.startsWith('http') ? url : `${BASE}/${url}`;
    const res = await server(new Request(full, { ...init, headers }));
    if (!res) throw new Error(`The FHIR server did not answer ${full}`);
    return res;
  }

  return {
    env,
    server,
    token,
    request,
    get: (url: string, tokenValue?: string) => request(url, { token: tokenValue }),
    advance: (ms: number) => (now += ms),
  };
}

export const ids = (b: Bundle) => (b.entry ?? []).filter((e) => e.search.mode === 'match').map((e) => e.resource.id);
export const link = (b: Bundle, relation: string) => b.link.find((l) => l.relation === relation)?.url;
