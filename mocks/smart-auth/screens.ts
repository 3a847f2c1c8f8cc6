import type { Answered } from '../core/page-protocol';

/**
 * The conversation between the authorization server's page and the server.
 * The page POSTs an action as JSON to its own path; the server answers with the
 * next screen to render or with the location to send the browser to. Shared by
 * the handler and the React page, so both speak exactly the same protocol.
 */
export type AuthorizeAction =
  | { action: 'view'; query: string }
  | { action: 'login'; session: string; username: string; password: string }
  | { action: 'pick-patient'; session: string; patient: string }
  /** encounter null: continue without an encounter in context */
  | { action: 'pick-encounter'; session: string; encounter: string | null }
  | { action: 'consent'; session: string; scopes: string[] }
  | { action: 'deny'; session: string };

export interface RequestSummary {
  client_id: string;
  client_name: string;
  redirect_uri: string;
  launch: 'ehr' | 'standalone';
  scope: string[];
}

export interface Choice {
  id: string;
  name: string;
  detail?: string;
}

export type AuthorizeScreen =
  | {
      screen: 'login';
      session: string;
      request: RequestSummary;
      login: 'patient' | 'provider';
      accounts: Choice[];
      /** A user name to pre-fill (the practitioner signed in to the EHR, a scenario's patient). */
      suggested?: string;
      hint: string;
      problem?: string;
    }
  | {
      screen: 'patient-picker';
      session: string;
      request: RequestSummary;
      user: Choice;
      patients: (Choice & { birthDate: string; gender: string })[];
    }
  | { screen: 'encounter-picker'; session: string; request: RequestSummary; patient: Choice; encounters: Choice[] }
  | {
      screen: 'consent';
      session: string;
      request: RequestSummary;
      user: Choice;
      patient?: Choice;
      encounter?: Choice;
      scopes: { scope: string; description: string }[];
    }
  | { screen: 'error'; error: string; error_description: string }
  /** The session's request was answered already (Back or a reload after the code went back to the app). */
  | { screen: 'answered'; answered: Answered };

export type AuthorizeAnswer = AuthorizeScreen | { location: string };
