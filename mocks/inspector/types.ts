/**
 * What the inspector keeps about an app registered for inspection: its
 * registration, and its runs (one authorization, from the EHR launch or the
 * authorize request to the last FHIR call made with its tokens), each a list
 * of the requests the app made. Checks are computed from these when asked
 * (grade.ts), so a check is always a function of the recorded requests.
 */
export type EndpointKind = 'discovery' | 'authorize' | 'token' | 'fhir' | 'ehr-launch';

export interface RecordedResponse {
  status: number;
  /** A redirect's target (authorize). */
  location?: string;
  /** A JSON answer's fields worth grading (token_type, scope, patient, error ...): never a token or secret. */
  fields?: Record<string, unknown>;
  /** The FHIR server's or authorization server's explanation of a refusal (error_description, OperationOutcome diagnostics). */
  problem?: string;
}

export interface RecordedRequest {
  id: string;
  /** epoch ms */
  at: number;
  kind: EndpointKind;
  method: string;
  url: string;
  /** Only the headers that matter for grading (authorization, content-type, origin, accept); masked on the way out. */
  headers: [string, string][];
  /** The raw body (capped); secrets in it are masked on the way out. */
  body?: string;
  response: RecordedResponse;
}

export interface Run {
  id: string;
  /** epoch ms */
  started: number;
  kind: 'app' | 'backend';
  /** The FHIR base this run's authorization is for (scenario segment included). */
  issuer?: string;
  /** The EHR launch that started it, when the EHR launched the app. */
  launchId?: string;
  requests: RecordedRequest[];
  /** Requests not kept because the run reached its bound. */
  dropped: number;
  /** When the server issued an authorization code for this run (the redirect back to the app). */
  codesIssued: number[];
}

export interface InspectedRegistration {
  token_endpoint_auth_method: string;
  redirect_uris: string[];
  scope?: string;
  launch_uri?: string;
  /** A backend client's keys, registered by value: what its assertions may name. */
  keys?: { kid: string; alg?: string }[];
  jwks_uri?: string;
}

export interface InspectedClient {
  client_id: string;
  kind: 'app' | 'backend';
  client_name?: string;
  /** RFC 7592-style registration_access_token: the Bearer the inspector endpoint wants. */
  registrationAccessToken: string;
  /** epoch ms */
  registeredAt: number;
  expiresAt: number;
  registration: InspectedRegistration;
  runs: Run[];
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'not-observable';

export interface SpecRef {
  label: string;
  url: string;
}

/** One request shown as evidence, masked. */
export interface Evidence {
  request: string;
  method: string;
  url: string;
  headers: [string, string][];
  body?: string;
  status?: number;
  /** What in this request the check looked at. */
  detail?: string;
}

export interface Check {
  id: string;
  title: string;
  status: CheckStatus;
  summary: string;
  evidence: Evidence[];
  spec: SpecRef[];
}
