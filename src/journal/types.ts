/**
 * The journal is the whole record of one run of a flow: its steps, and for each
 * step the exchanges (HTTP calls and redirects) and artifacts (values worth
 * explaining) it produced. Everything here is JSON so it survives full-page
 * redirects in sessionStorage and exports as Markdown, HAR or curl.
 */
import type { StepErrorCode } from '../protocol/error-codes';

export type Actor =
  'user' | 'browser' | 'app' | 'ehr' | 'auth-server' | 'fhir-server' | 'digid' | 'pgo-presenter' | 'pgo-server' | 'resource-server' | 'backend-client';

/**
 * front-channel: the browser carries it (a redirect); back-channel: a direct HTTP call; local: computed in the app;
 * in-server: decided inside a server while the browser is away (the app learns of it afterwards).
 */
export type Channel = 'front-channel' | 'back-channel' | 'local' | 'in-server';

export interface SpecLink {
  label: string;
  url: string;
}

export type HeaderList = [name: string, value: string][];

interface HttpRequestRecord {
  method: string;
  url: string;
  headers: HeaderList;
  body?: string;
}

interface HttpResponseRecord {
  status: number;
  statusText: string;
  headers: HeaderList;
  body?: string;
}

export type Exchange =
  | {
      kind: 'http';
      id: string;
      startedAt: string; // ISO time
      durationMs: number;
      request: HttpRequestRecord;
      /** Absent when the request never got an answer (network error, CORS). */
      response?: HttpResponseRecord;
      /** The browser's own words when fetch rejected. */
      networkError?: string;
    }
  | {
      kind: 'redirect';
      id: string;
      at: string;
      /** outgoing: the app sends the browser away; incoming: the browser comes back to the app. */
      direction: 'outgoing' | 'incoming';
      url: string;
      params: [string, string][];
      note?: string;
    };

export type JwtSignatureStatus = { kind: 'valid'; detail: string } | { kind: 'invalid'; detail: string } | { kind: 'unverified'; detail: string };

export type Artifact =
  | {
      kind: 'value';
      label: string;
      value: string;
      note?: string;
      secret?: boolean;
      /** A value that expires (an authorization code): when it arrived and, where known, how long it lives. */
      expiry?: { since: string; lifetimeSeconds?: number };
    }
  | { kind: 'compare'; label: string; sentLabel: string; sent: string; returnedLabel: string; returned: string; equal: boolean; note?: string }
  | { kind: 'pkce'; verifier: string; challenge: string; recomputed: string; method: 'S256' }
  | {
      kind: 'jwt';
      label: string;
      compact: string;
      header: Record<string, unknown>;
      payload: Record<string, unknown>;
      signature: JwtSignatureStatus;
      /** Claim checks (iss, aud, exp, nonce ...), each with its outcome. */
      checks?: Check[];
    }
  | { kind: 'opaque-token'; label: string; value: string; note: string }
  | { kind: 'json'; label: string; value: unknown }
  | { kind: 'xml'; label: string; xml: string; note?: string }
  | { kind: 'table'; label: string; columns: string[]; rows: string[][] }
  | { kind: 'scopes'; requested: string[]; granted: string[] }
  | { kind: 'checks'; label: string; checks: Check[] }
  /**
   * Something is off but the step went on: what was found, what the step did
   * instead (message), and why it matters (why, with the spec that says so).
   */
  | { kind: 'warning'; label: string; message: string; why: string; spec?: SpecLink };

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** A failure says what failed, why, and what to do about it. */
export interface StepError {
  /** A stable code (src/protocol/error-codes.ts): an OAuth error (`invalid_grant`), or one of the playground's own (`network`, `cors`, `not_json` ...). */
  code: StepErrorCode;
  /** What failed, in one sentence. */
  message: string;
  /** Why, when known: the server's error_description, the browser's message. */
  cause?: string;
  /** What the user can do next. */
  hint: string;
  /** The spec section that defines this error. */
  spec?: SpecLink;
  /** The remedy is to run the flow again from an earlier step (a new code), keeping the set-up. */
  restartFrom?: { stepId: string; label: string };
}

export type StepStatus =
  | { kind: 'pending' }
  | { kind: 'running'; startedAt: string }
  | { kind: 'done'; finishedAt: string }
  | { kind: 'failed'; finishedAt: string; error: StepError };

export interface StepRecord {
  id: string;
  status: StepStatus;
  exchanges: Exchange[];
  artifacts: Artifact[];
}

/** Where a step sends the browser: the URL, the server in words, and the step a new request starts from. */
interface Departure {
  stepId: string;
  url: string;
  to: string;
  resendFrom: string;
}

export interface Journal {
  runId: string;
  flowId: string;
  startedAt: string;
  /** The flow's own JSON state (discovered endpoints, the oidc-client-ts state id, tokens ...). */
  state: Record<string, unknown>;
  steps: StepRecord[];
  /** The last time a step sent the browser away: where, and the step a new request starts from. */
  departure?: Departure;
  /** The step has shown its request; the browser leaves on the user's Continue. */
  leaving?: { stepId: string };
  /** Set while the browser is away at a server's pages; the flow resumes when it comes back. */
  awaitingReturn?: { since: string; stepId: string };
  /** The URL the browser came back with, until the step that reads it has run. */
  incomingUrl?: string;
  /** "Run to end" was chosen: keep going after the browser comes back. */
  auto?: boolean;
}
