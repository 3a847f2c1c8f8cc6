import { base64url } from 'jose';
import { MemoryStore } from '../../../mocks/core/store';
import type { MockEnv, MockServer } from '../../../mocks/core/server';
import { createSmartAuthServer } from '../../../mocks/smart-auth/server';
import { smartEndpoints } from '../../../mocks/smart-auth/endpoints';
import { encodeScenario, type Scenario } from '../../../mocks/smart-auth/scenario';
import type { AuthorizeAnswer, AuthorizeScreen } from '../../../mocks/smart-auth/screens';

export const ORIGIN = 'http://localhost';
export const APP_ORIGIN = 'http://localhost:5173';
export const REDIRECT_URI = `${ORIGIN}/callback`;

export interface TestWorld {
  env: MockEnv;
  server: MockServer;
  clock: { now: number };
  advance(seconds: number): void;
}

export function makeWorld(transport: MockEnv['transport'] = 'node'): TestWorld {
  const clock = { now: Date.UTC(2026, 0, 15, 9, 0, 0) };
  const now = () => clock.now;
  const env: MockEnv = { store: new MemoryStore(now), now, appOrigins: [APP_ORIGIN], transport };
  return { env, server: createSmartAuthServer(env), clock, advance: (s) => (clock.now += s * 1000) };
}

export function endpointsFor(scenario?: Scenario) {
  return smartEndpoints(ORIGIN, scenario ? encodeScenario(scenario) : undefined);
}

export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url.encode(new Uint8Array(digest)) };
}

export interface AuthorizeParams {
  [name: string]: string | undefined;
}

/** A standalone patient request with PKCE; override or remove (undefined) any parameter. */
export async function authorizeParams(overrides: AuthorizeParams = {}, scenario?: Scenario) {
  const { verifier, challenge } = await pkcePair();
  const endpoints = endpointsFor(scenario);
  const base: AuthorizeParams = {
    response_type: 'code',
    client_id: 'playground-public',
    redirect_uri: REDIRECT_URI,
    scope: 'launch/patient patient/Observation.rs openid fhirUser offline_access',
    state: 'state-1234567890',
    aud: endpoints.fhirBase,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    nonce: 'nonce-abc',
  };
  const merged = { ...base, ...overrides };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined) params.set(k, v);
  return { params, verifier, endpoints };
}

export async function post(server: MockServer, url: string, body: unknown): Promise<{ status: number; body: AuthorizeAnswer }> {
  const res = await server(new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  if (!res) throw new Error(`no answer from ${url}`);
  return { status: res.status, body: (await res.json()) as AuthorizeAnswer };
}

export function screenOf(answer: AuthorizeAnswer): AuthorizeScreen {
  if ('location' in answer) throw new Error(`expected a screen, got a redirect to ${answer.location}`);
  return answer;
}

export function locationOf(answer: AuthorizeAnswer): URL {
  if (!('location' in answer)) throw new Error(`expected a redirect, got screen ${JSON.stringify(answer)}`);
  return new URL(answer.location);
}

export function sessionOf(answer: AuthorizeAnswer): string {
  const screen = screenOf(answer);
  if (screen.screen === 'error') throw new Error(`error screen: ${screen.error_description}`);
  if (screen.screen === 'answered') throw new Error(`answered screen: ${JSON.stringify(screen.answered)}`);
  return screen.session;
}

export function form(values: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values).toString(),
  };
}

export function basic(id: string, secret: string): string {
  return `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;
}

export async function call(server: MockServer, url: string, init: RequestInit): Promise<Response> {
  const res = await server(new Request(url, init));
  if (!res) throw new Error(`no answer from ${url}`);
  return res;
}

/**
 * Walk the pages as a user does: view, sign in, pick, consent (granting
 * `grant` or everything). Returns the redirect back to the app.
 */
export async function authorizeInteractively(
  world: TestWorld,
  options: {
    overrides?: AuthorizeParams;
    scenario?: Scenario;
    username?: string;
    patient?: string;
    encounter?: string | null;
    grant?: string[];
  } = {},
): Promise<{ redirect: URL; verifier: string; endpoints: ReturnType<typeof endpointsFor>; params: URLSearchParams }> {
  const { params, verifier, endpoints } = await authorizeParams(options.overrides, options.scenario);
  let answer = (await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` })).body;
  for (let i = 0; i < 6; i++) {
    if ('location' in answer) break;
    const screen = answer;
    switch (screen.screen) {
      case 'login':
        answer = (
          await post(world.server, endpoints.authorize, {
            action: 'login',
            session: screen.session,
            username: options.username ?? screen.suggested ?? screen.accounts[0].id,
            password: 'secret',
          })
        ).body;
        break;
      case 'patient-picker':
        answer = (
          await post(world.server, endpoints.authorize, {
            action: 'pick-patient',
            session: screen.session,
            patient: options.patient ?? screen.patients[0].id,
          })
        ).body;
        break;
      case 'encounter-picker':
        answer = (
          await post(world.server, endpoints.authorize, {
            action: 'pick-encounter',
            session: screen.session,
            encounter: options.encounter === undefined ? (screen.encounters[0]?.id ?? null) : options.encounter,
          })
        ).body;
        break;
      case 'consent':
        answer = (
          await post(world.server, endpoints.authorize, {
            action: 'consent',
            session: screen.session,
            scopes: options.grant ?? screen.scopes.map((s) => s.scope),
          })
        ).body;
        break;
      case 'error':
        throw new Error(`error screen: ${screen.error}: ${screen.error_description}`);
    }
  }
  return { redirect: locationOf(answer), verifier, endpoints, params };
}

export async function exchangeCode(
  world: TestWorld,
  redirect: URL,
  verifier: string,
  tokenUrl: string,
  extra: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<Response> {
  const values: Record<string, string> = {
    grant_type: 'authorization_code',
    code: redirect.searchParams.get('code') ?? '',
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
    client_id: 'playground-public',
    ...extra,
  };
  for (const k of Object.keys(values)) if (values[k] === '') delete values[k];
  const init = form(values);
  return call(world.server, tokenUrl, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } });
}
