import { base64url } from 'jose';

/**
 * The SMART standalone launch as a workshop attendee's client does it against
 * `npm run mock-server` (the README's curl walk-through): discovery, authorize
 * with a scenario that skips the pages (a real 302), the token exchange with
 * PKCE, a Patient read, an Observation search and a refresh. Each request is
 * timed under its endpoint's name; used by the server benchmark and the tests.
 */
export type FlowStep = 'discovery' | 'authorize' | 'token' | 'patient' | 'observations' | 'refresh';
export const FLOW_STEPS: FlowStep[] = ['discovery', 'authorize', 'token', 'patient', 'observations', 'refresh'];

/** ms: as the client saw it; serverMs: what the server says it spent (its Server-Timing), when it says. */
export type Timed = (step: FlowStep, ms: number, ok: boolean, serverMs?: number) => void;

function serverTiming(res: Response): number | undefined {
  const dur = /(?:^|,)\s*app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1];
  return dur === undefined ? undefined : Number(dur);
}

export const FLOW_REDIRECT_URI = 'http://localhost:5173/callback';
const SCOPE = 'launch/patient openid fhirUser offline_access patient/*.rs';

export class FlowError extends Error {
  constructor(
    readonly step: FlowStep,
    message: string,
  ) {
    super(`${step}: ${message}`);
    this.name = 'FlowError';
  }
}

function scenarioSegment(patient: string): string {
  return base64url.encode(JSON.stringify({ patient, skipLogin: true, skipConsent: true }));
}

async function pkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url.encode(new Uint8Array(digest)) };
}

/**
 * Run one whole flow; throws a FlowError naming the step that failed.
 * `pause`, when given, is awaited before each request (an attendee reading the step before pressing Continue).
 */
export async function runStandaloneFlow(origin: string, timed: Timed = () => {}, patient = 'p-anna', pause?: () => Promise<void>): Promise<void> {
  const segment = scenarioSegment(patient);
  const iss = `${origin}/mock/smart/s/${segment}/fhir`;

  const step = async <T>(name: FlowStep, run: () => Promise<{ ok: boolean; value: T; why?: string; res?: Response }>): Promise<T> => {
    if (pause) await pause();
    const started = performance.now();
    let result: { ok: boolean; value: T; why?: string; res?: Response };
    try {
      result = await run();
    } catch (e) {
      timed(name, performance.now() - started, false);
      throw new FlowError(name, (e as Error).message);
    }
    timed(name, performance.now() - started, result.ok, result.res && serverTiming(result.res));
    if (!result.ok) throw new FlowError(name, result.why ?? 'failed');
    return result.value;
  };

  const config = await step('discovery', async () => {
    const res = await fetch(`${iss}/.well-known/smart-configuration`);
    const body = (await res.json()) as { authorization_endpoint?: string; token_endpoint?: string };
    return { ok: res.status === 200 && !!body.token_endpoint, value: body, why: `HTTP ${res.status}`, res };
  });

  const { verifier, challenge } = await pkce();
  const state = base64url.encode(crypto.getRandomValues(new Uint8Array(12)));
  const code = await step('authorize', async () => {
    const url = new URL(config.authorization_endpoint!);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'playground-public',
      redirect_uri: FLOW_REDIRECT_URI,
      scope: SCOPE,
      state,
      aud: iss,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    await res.arrayBuffer();
    const location = res.headers.get('location');
    const back = location ? new URL(location) : undefined;
    const code = back?.searchParams.get('code');
    const ok = res.status === 302 && back?.searchParams.get('state') === state && !!code;
    return { ok, value: code ?? '', why: `HTTP ${res.status} ${location ?? ''}`, res };
  });

  const tokenRequest = (form: Record<string, string>) =>
    fetch(config.token_endpoint!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  type Tokens = { access_token?: string; refresh_token?: string; patient?: string };
  const tokens = await step('token', async () => {
    const res = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: FLOW_REDIRECT_URI,
      client_id: 'playground-public',
      code_verifier: verifier,
    });
    const body = (await res.json()) as Tokens;
    return {
      ok: res.status === 200 && !!body.access_token && !!body.refresh_token,
      value: body,
      why: `HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`,
      res,
    };
  });

  const fhir = (path: string) => fetch(`${iss}/${path}`, { headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'application/fhir+json' } });
  await step('patient', async () => {
    const res = await fhir(`Patient/${tokens.patient ?? patient}`);
    const body = (await res.json()) as { resourceType?: string };
    return { ok: res.status === 200 && body.resourceType === 'Patient', value: undefined, why: `HTTP ${res.status}`, res };
  });
  await step('observations', async () => {
    const res = await fhir(`Observation?patient=${tokens.patient ?? patient}&_count=10`);
    const body = (await res.json()) as { resourceType?: string };
    return { ok: res.status === 200 && body.resourceType === 'Bundle', value: undefined, why: `HTTP ${res.status}`, res };
  });
  await step('refresh', async () => {
    const res = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: 'playground-public' });
    const body = (await res.json()) as Tokens;
    return { ok: res.status === 200 && !!body.access_token, value: undefined, why: `HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`, res };
  });
}
