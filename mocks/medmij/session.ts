import type { MockEnv } from '../core/server';
import type { Screen } from '../core/page-protocol';
import { zorgaanbiederEndpoints } from './endpoints';

/**
 * What a zorgaanbieder's authorization server remembers of one authorization:
 * created by the authorize request, carried through DigiD by RelayState, ended
 * by the code (or an error redirect). It also keeps what happened at each
 * stage (the SAML messages, the checks), which the playground's inspection
 * endpoint shows: a real server logs this, it does not publish it.
 */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

type SessionStage = 'digid' | 'consent' | 'done';

export interface AuthSession {
  id: string;
  za: string;
  scenarioSegment?: string;
  createdAt: number;
  stage: SessionStage;
  request: { client_id: string; redirect_uri: string; scope: string; state: string; response_type: string; url: string };
  /** The OCL's OAuthclientOrganisatienaam for client_id. */
  clientName: string;
  dienst: string;
  scopeForm: '1.x' | '2.x';
  requestChecks: Check[];
  authn?: { id: string; xml: string; url: string; level: string };
  acs?: { url: string; artifact: string; relayState: string; artifactChecks: Check[] };
  artifactResolve?: { url: string; request: string; response?: string; status?: number; error?: string };
  digid?: { ok: boolean; checks: Check[]; nameId?: string; level?: string; status?: string; subStatus?: string; message?: string };
  /** Kept for the consent decision and the code; never leaves the authorization server. */
  bsn?: string;
  patientId?: string;
  availability?: { ok: boolean; checks: Check[] };
  consent?: { decision: 'allow' | 'deny' | 'undecidable'; question: string; at: number; note?: string };
  /** at: when the answer went back to the PGO (ms since the epoch). */
  result?: { location: string; error?: string; error_description?: string; code?: string; at?: number };
}

const SESSION_TTL_SECONDS = 60 * 60;
const sessionKey = (id: string) => `medmij:session:${id}`;
const stateKey = (za: string, clientId: string, state: string) => `medmij:session-by-state:${za}:${clientId}:${state}`;

export async function saveSession(env: MockEnv, s: AuthSession): Promise<void> {
  await env.store.set(sessionKey(s.id), s, SESSION_TTL_SECONDS);
  if (s.request.state) await env.store.set(stateKey(s.za, s.request.client_id, s.request.state), s.id, SESSION_TTL_SECONDS);
}

export async function loadSession(env: MockEnv, id: string): Promise<AuthSession | undefined> {
  return env.store.get<AuthSession>(sessionKey(id));
}

export async function findSessionByState(env: MockEnv, za: string, clientId: string, state: string): Promise<AuthSession | undefined> {
  const id = await env.store.get<string>(stateKey(za, clientId, state));
  return id ? loadSession(env, id) : undefined;
}

/** RFC 6749 §4.1.2.1: the error goes back to the (trusted) redirect_uri with the state. */
export function errorRedirect(redirectUri: string, error: string, description: string, state?: string): string {
  const url = new URL(redirectUri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  if (state) url.searchParams.set('state', state);
  return url.href;
}

/** MedMij's exception table for the authorization interface: the fixed access_denied descriptions. */
export const ACCESS_DENIED = {
  noSuchResources: 'No such resources.',
  denied: 'Authorization denied.',
  failed: 'Authorization failed.',
} as const;

/** The notes a forward page shows while the browser moves on (the same on every view of one session). */
const NOTES = {
  digid: 'To DigiD with an AuthnRequest (HTTP-Redirect binding).',
  consent: 'DigiD login checked; on to the consent question.',
} as const;

/**
 * Where a session stands, as a page shows it: the answer to its first view and
 * to every later one (a reload, Back, StrictMode's second mount). It only
 * points on to what the session already holds, so it never repeats a one-time
 * action; and an authorization code, once sent, is not sent again.
 */
export function currentScreen(session: AuthSession): Screen<never> {
  switch (session.stage) {
    case 'digid':
      return { kind: 'redirect', location: session.authn!.url, note: NOTES.digid };
    case 'consent': {
      // The consent page is on the origin the authorization request came to.
      const origin = new URL(session.request.url).origin;
      const consent = new URL(zorgaanbiederEndpoints(origin, session.za, session.scenarioSegment).consent);
      consent.searchParams.set('session', session.id);
      return { kind: 'redirect', location: consent.href, note: NOTES.consent };
    }
    case 'done':
      if (session.result?.code !== undefined) {
        return {
          kind: 'error',
          status: 400,
          title: 'Already answered',
          message:
            'This authorization is already complete: the PGO was sent its authorization code once. A code is single use, so this page does not send it again.',
          hint: 'Start again at the PGO.',
          answered: {
            outcome: 'code',
            redirectUri: session.request.redirect_uri,
            ...(session.result.at !== undefined && { at: new Date(session.result.at).toISOString() }),
          },
        };
      }
      // An error answer carries nothing single use: the PGO gets the same one again.
      return { kind: 'redirect', location: session.result!.location };
  }
}
