import { decodeJwt } from 'jose';
import { encodeScenario, smartFhirBase, type Scenario } from '../../mocks/public';
import { buildTokenRequest } from '../protocol/token-request';
import { LabFailure, type LabStepContext, type Refused } from './lab';

/**
 * The moves the labs share, each one real request to the SMART mock: discovery,
 * the authorization server's sign-in (through the same page protocol its own
 * login page speaks), the token request, a FHIR read. The labs' steps compose them.
 */

export const PUBLIC_CLIENT = 'playground-public';
/** Scopes that make the token say whose account it is: the patient in context and, in the id_token, fhirUser. */
const LAB_SCOPE = 'openid fhirUser launch/patient patient/Patient.rs';

export function labFhirBase(origin: string, scenario: Scenario): string {
  return smartFhirBase(origin, encodeScenario(scenario));
}

/** The app's registered redirect URI (the built-in clients register `{origin}/callback`). */
export const callbackUri = (origin: string) => `${origin}/callback`;

export interface ServerEndpoints {
  issuer: string;
  authorize: string;
  token: string;
  introspect: string;
  register: string;
}

interface JsonReply {
  status: number;
  body: Record<string, unknown>;
}

async function readJson(response: Response, what: string): Promise<JsonReply> {
  const text = await response.text();
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return { status: response.status, body: body as Record<string, unknown> };
  } catch {
    // reported below
  }
  throw new LabFailure(
    `${what} answered ${response.status} with a body that is not a JSON object: ${text.slice(0, 120)}`,
    'The lab needs the mock servers: open the playground in mock mode (or from npm run mock-server) and run the lab again.',
  );
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The OAuth error of a refusal (RFC 6749 §5.2), or undefined when the body carries none. */
export function oauthError(body: Record<string, unknown>): { error: string; description?: string } | undefined {
  const error = str(body.error);
  if (!error) return undefined;
  const description = str(body.error_description);
  return description === undefined ? { error } : { error, description };
}

/** GET `{fhirBase}/.well-known/smart-configuration`: the endpoints, and what the lab switched off (x-playground-weakened). */
export async function discover(ctx: LabStepContext<unknown>, fhirBase: string, who: string): Promise<ServerEndpoints> {
  const { status, body } = await readJson(
    await ctx.fetch(`${fhirBase}/.well-known/smart-configuration`, { headers: { Accept: 'application/json' } }),
    'Discovery',
  );
  const endpoints = {
    issuer: str(body.issuer),
    authorize: str(body.authorization_endpoint),
    token: str(body.token_endpoint),
    introspect: str(body.introspection_endpoint),
    register: str(body.registration_endpoint),
  };
  if (status !== 200 || !endpoints.issuer || !endpoints.authorize || !endpoints.token || !endpoints.introspect || !endpoints.register) {
    throw new LabFailure(
      `Discovery at ${fhirBase} answered ${status} without the endpoints the lab needs.`,
      'Reload the page in mock mode and run the lab again.',
    );
  }
  const weakened = Array.isArray(body['x-playground-weakened']) ? (body['x-playground-weakened'] as unknown[]).map(String) : [];
  ctx.artifact({ kind: 'value', label: `${who}: issuer`, value: endpoints.issuer });
  ctx.artifact({
    kind: 'table',
    label: `${who}: what discovery says`,
    columns: ['field', 'value'],
    rows: [
      ['authorization_response_iss_parameter_supported', JSON.stringify(body.authorization_response_iss_parameter_supported ?? false)],
      ['x-playground-weakened (defences switched off)', weakened.length > 0 ? weakened.join(', ') : '(none: the strict server)'],
    ],
  });
  return endpoints as ServerEndpoints;
}

export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  aud: string;
  state?: string;
  codeChallenge?: string;
  scope?: string;
}

export function authorizeQuery(p: AuthorizeParams): URLSearchParams {
  const q = new URLSearchParams({ response_type: 'code', client_id: p.clientId, redirect_uri: p.redirectUri, scope: p.scope ?? LAB_SCOPE, aud: p.aud });
  if (p.state !== undefined) q.set('state', p.state);
  if (p.codeChallenge !== undefined) {
    q.set('code_challenge', p.codeChallenge);
    q.set('code_challenge_method', 'S256');
  }
  return q;
}

export type SignInResult = { kind: 'location'; location: string } | { kind: 'error'; error: string; description: string };

/** The step ends at the server's error screen: refused, with the error the server showed. */
export function refusedBy(answer: Extract<SignInResult, { kind: 'error' }>, summary: string): Refused {
  return { kind: 'refused', summary, error: answer.error, description: answer.description };
}

/** A FHIR read that did not answer 200 ends the step refused, with the status as its error. */
export function fhirRefused(status: number): Refused {
  return { kind: 'refused', summary: `The FHIR server answered ${status}.`, error: `http_${status}` };
}

/**
 * A user signs in at the authorization server with `username` and consents to
 * everything asked, by the actions the server's own page sends (POST JSON to
 * the authorize endpoint). Ends with the location the browser is sent to, or
 * the error screen the server shows instead of redirecting.
 */
export async function signIn(ctx: LabStepContext<unknown>, authorize: string, query: URLSearchParams, username: string): Promise<SignInResult> {
  ctx.redirect(`${authorize}?${query.toString()}`, 'outgoing', 'The browser is sent to the authorization endpoint with this request.');
  const post = async (action: Record<string, unknown>) =>
    readJson(
      await ctx.fetch(authorize, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(action) }),
      'The authorization endpoint',
    );
  let answer = await post({ action: 'view', query: query.toString() });
  // Each screen at most once: login, then consent.
  for (let i = 0; i < 4; i++) {
    const b = answer.body;
    if (typeof b.location === 'string') return { kind: 'location', location: b.location };
    const session = str(b.session) ?? '';
    switch (b.screen) {
      case 'error':
        return { kind: 'error', error: str(b.error) ?? 'error', description: str(b.error_description) ?? '' };
      case 'login':
        if (typeof b.problem === 'string')
          throw new LabFailure(`The sign-in as ${username} was refused: ${b.problem}`, 'The lab signs in with a demo account; reload and run again.');
        answer = await post({ action: 'login', session, username, password: 'lab-password' });
        break;
      case 'consent':
        answer = await post({ action: 'consent', session, scopes: (b.scopes as { scope: string }[]).map((s) => s.scope) });
        break;
      default:
        throw new LabFailure(`The authorization server showed the screen ${JSON.stringify(b.screen)}, which this lab does not expect.`, 'Run the lab again.');
    }
  }
  throw new LabFailure('The sign-in did not end after login and consent.', 'Run the lab again.');
}

/** The parameters of a redirect back to the app (code, state, iss, or error). */
export function callbackParams(location: string): { code?: string; state?: string; iss?: string; error?: string } {
  const q = new URL(location).searchParams;
  const get = (k: string) => q.get(k) ?? undefined;
  return { code: get('code'), state: get('state'), iss: get('iss'), error: get('error') };
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
  /** The refusal, when the server gave one. */
  refused?: { error: string; description?: string };
}

/** POST the token endpoint: grant_type=authorization_code, as a public client (client_id in the form). */
export async function redeemCode(
  ctx: LabStepContext<unknown>,
  token: string,
  fields: { code: string; redirectUri: string; clientId: string; codeVerifier?: string },
): Promise<TokenAnswer> {
  const grant: Record<string, string> = { grant_type: 'authorization_code', code: fields.code, redirect_uri: fields.redirectUri };
  if (fields.codeVerifier !== undefined) grant.code_verifier = fields.codeVerifier;
  const request = buildTokenRequest(grant, { method: 'none', clientId: fields.clientId });
  const { status, body } = await readJson(await ctx.fetch(token, { method: 'POST', headers: request.headers, body: request.body }), 'The token endpoint');
  const refused = status === 200 ? undefined : oauthError(body);
  if (status !== 200 && !refused) throw new LabFailure(`The token endpoint answered ${status} without an OAuth error.`, 'Run the lab again.');
  return refused ? { status, body, refused } : { status, body };
}

/** Shows whose account a token response is for: the patient in context and the id_token's fhirUser. */
export function showWhoseTokens(ctx: LabStepContext<unknown>, body: Record<string, unknown>, label: string): { patient?: string; fhirUser?: string } {
  let fhirUser: string | undefined;
  const idToken = str(body.id_token);
  if (idToken) {
    try {
      fhirUser = str(decodeJwt(idToken).fhirUser);
    } catch {
      fhirUser = undefined;
    }
  }
  const patient = str(body.patient);
  ctx.artifact({
    kind: 'table',
    label,
    columns: ['field', 'value'],
    rows: [
      ['patient', patient ?? '(none)'],
      ['fhirUser (from the id_token)', fhirUser ?? '(none)'],
      ['scope', str(body.scope) ?? ''],
    ],
  });
  ctx.artifact({ kind: 'value', label: `${label}: access_token`, value: str(body.access_token) ?? '', secret: true });
  return { patient, fhirUser };
}

/** GET a FHIR resource with a Bearer token; the status says whether the token is honoured. */
export async function fhirRead(ctx: LabStepContext<unknown>, url: string, accessToken: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await ctx.fetch(url, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/fhir+json' } });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    body = {};
  }
  return { status: response.status, body };
}

/** A FHIR Patient's name as one line. */
export function patientName(resource: Record<string, unknown>): string {
  const name = (resource.name as { given?: string[]; family?: string }[] | undefined)?.[0];
  return name ? [...(name.given ?? []), name.family ?? ''].join(' ').trim() : '(no name)';
}

export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new LabFailure(`${what} is missing.`, 'Run the lab again from the start.');
  return value;
}
