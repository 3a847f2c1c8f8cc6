import { createHash, randomBytes } from 'node:crypto';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { base64url } from 'jose';

/**
 * The SMART standalone launch as a workshop attendee's client does it against
 * `npm run mock-server` (the README's curl walk-through): discovery, authorize
 * with a scenario that skips the pages (a real 302), the token exchange with
 * PKCE, a Patient read, an Observation search and a refresh. Each request is
 * timed under its endpoint's name; used by the server benchmark and the tests.
 *
 * The requests go out through node:http with keep-alive agents, not fetch:
 * the benchmark runs on the same cores as the server, and fetch (undici's
 * streams and Headers) costs the load generator several times the CPU of a
 * plain request, which the server then lacks.
 */
export type FlowStep = 'discovery' | 'authorize' | 'token' | 'patient' | 'observations' | 'refresh';
export const FLOW_STEPS: FlowStep[] = ['discovery', 'authorize', 'token', 'patient', 'observations', 'refresh'];

/** ms: as the client saw it; serverMs: what the server says it spent (its Server-Timing), when it says. */
export type Timed = (step: FlowStep, ms: number, ok: boolean, serverMs?: number) => void;

/** One answer, read whole: the status, the headers (lower-case names) and the body as text. */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Connections kept for the next request, as a browser keeps them. With a timeout set, the agent also
 * follows the server's Keep-Alive hint (timeout=5): it drops an idle connection a second before the
 * server would, instead of sending a request into one the server is closing.
 */
export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, timeout: 60_000 });
}

const sharedAgent = keepAliveAgent();

type Init = { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent };

/**
 * One request; sent again once, on a new connection, when a kept connection turns out to have been closed
 * by the server before it read the request (ECONNRESET on a reused socket), as browsers do.
 */
async function sendRequest(url: string, init: Init = {}): Promise<Answer> {
  try {
    return await sendOnce(url, init);
  } catch (e) {
    if ((e as { reusedSocket?: boolean }).reusedSocket && (e as NodeJS.ErrnoException).code === 'ECONNRESET') return sendOnce(url, init);
    throw e;
  }
}

function sendOnce(url: string, init: Init): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    if (target.protocol !== 'http:') return reject(new Error(`the benchmark flow speaks plain HTTP to the mock server, not ${target.protocol}`));
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    const req = httpRequest(target, { method: init.method ?? 'GET', headers, agent: init.agent ?? sharedAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })));
    req.end(init.body);
  });
}

function header(answer: Answer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function serverTiming(answer: Answer): number | undefined {
  const dur = /(?:^|,)\s*app;dur=([\d.]+)/.exec(header(answer, 'server-timing') ?? '')?.[1];
  return dur === undefined ? undefined : Number(dur);
}

/** The body as JSON, or an empty object when it is not JSON (the step's check then fails with the status). */
function jsonBody<T>(answer: Answer): Partial<T> {
  try {
    return JSON.parse(answer.body) as Partial<T>;
  } catch {
    return {};
  }
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

/** RFC 7636: a 256-bit verifier and its S256 challenge. */
function pkce(): { verifier: string; challenge: string } {
  const verifier = base64url.encode(randomBytes(32));
  return { verifier, challenge: base64url.encode(createHash('sha256').update(verifier).digest()) };
}

/**
 * Run one whole flow; throws a FlowError naming the step that failed.
 * `pause`, when given, is awaited before each request (an attendee reading the step before pressing Continue).
 * `agent`: the attendee's own connections (keepAliveAgent()); without it, one pool shared by every caller.
 */
export async function runStandaloneFlow(
  origin: string,
  timed: Timed = () => {},
  patient = 'p-anna',
  pause?: () => Promise<void>,
  agent?: Agent,
): Promise<void> {
  const send = (url: string, init: Init = {}) => sendRequest(url, { ...init, agent });
  const segment = scenarioSegment(patient);
  const iss = `${origin}/mock/smart/s/${segment}/fhir`;

  const step = async <T>(name: FlowStep, run: () => Promise<{ ok: boolean; value: T; why?: string; res?: Answer }>): Promise<T> => {
    if (pause) await pause();
    const started = performance.now();
    let result: { ok: boolean; value: T; why?: string; res?: Answer };
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
    const res = await send(`${iss}/.well-known/smart-configuration`);
    const body = jsonBody<{ authorization_endpoint: string; token_endpoint: string }>(res);
    return { ok: res.status === 200 && !!body.token_endpoint, value: body, why: `HTTP ${res.status}`, res };
  });

  const { verifier, challenge } = pkce();
  const state = base64url.encode(randomBytes(12));
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
    // A 302 is the answer itself: it is read, not followed.
    const res = await send(url.href);
    const location = header(res, 'location');
    const back = location ? new URL(location) : undefined;
    const code = back?.searchParams.get('code');
    const ok = res.status === 302 && back?.searchParams.get('state') === state && !!code;
    return { ok, value: code ?? '', why: `HTTP ${res.status} ${location ?? ''}`, res };
  });

  const tokenRequest = (form: Record<string, string>) =>
    send(config.token_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  type Tokens = { access_token: string; refresh_token: string; patient: string };
  const tokens = await step('token', async () => {
    const res = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: FLOW_REDIRECT_URI,
      client_id: 'playground-public',
      code_verifier: verifier,
    });
    const body = jsonBody<Tokens>(res);
    return {
      ok: res.status === 200 && !!body.access_token && !!body.refresh_token,
      value: body,
      why: `HTTP ${res.status} ${res.body.slice(0, 200)}`,
      res,
    };
  });

  const fhir = (path: string) => send(`${iss}/${path}`, { headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'application/fhir+json' } });
  await step('patient', async () => {
    const res = await fhir(`Patient/${tokens.patient ?? patient}`);
    const body = jsonBody<{ resourceType: string }>(res);
    return { ok: res.status === 200 && body.resourceType === 'Patient', value: undefined, why: `HTTP ${res.status}`, res };
  });
  await step('observations', async () => {
    const res = await fhir(`Observation?patient=${tokens.patient ?? patient}&_count=10`);
    const body = jsonBody<{ resourceType: string }>(res);
    return { ok: res.status === 200 && body.resourceType === 'Bundle', value: undefined, why: `HTTP ${res.status}`, res };
  });
  await step('refresh', async () => {
    const res = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: 'playground-public' });
    const body = jsonBody<Tokens>(res);
    return { ok: res.status === 200 && !!body.access_token, value: undefined, why: `HTTP ${res.status} ${res.body.slice(0, 200)}`, res };
  });
}
