import type { Mode } from '../flow';
import type { SimulatedError } from '../../../mocks/public';

/** What the SMART launch flows remember between steps (JSON: it survives the redirect). */
export interface SmartLaunchState extends Record<string, unknown> {
  launchType: 'ehr' | 'standalone';
  /** Standalone only: who signs in at the authorization server (a provider asks for user/ scopes). Absent: a patient. */
  signIn?: 'patient' | 'provider';
  mode: Mode;
  /** The FHIR base: the `iss`. In mock mode it may carry a scenario segment. */
  iss: string;
  /** The EHR's opaque launch handle (EHR launch only). */
  launch?: string;
  clientType: 'public' | 'confidential';
  clientId: string;
  clientSecret: string;
  /** How a confidential client authenticates at the token endpoint. */
  clientAuth: 'client_secret_basic' | 'client_secret_post';
  redirectUri: string;
  scope: string;
  /** Mock mode only: the scenario the FHIR base carries. */
  scenario: {
    skipLogin: boolean;
    skipConsent: boolean;
    error: SimulatedError | '';
    /** Who is signed in when the login is skipped in a standalone launch. */
    patient: string;
    /** Seconds an authorization code lives at the mock (60..3600); absent: the strict 60. */
    codeLifetime?: number;
  };
  /** Live mode: keep the client secret in localStorage ("remember on this device") rather than for this session. */
  rememberSecret: boolean;

  // Filled in by the steps.
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  jwksUri?: string;
  issuer?: string;
  /** Discovery promised iss in the authorization response (RFC 9207): a callback without it is refused. */
  issParameterSupported?: boolean;
  authorizeUrl?: string;
  /** When the browser came back with the code, and (mock only) how long that code lives. */
  codeReceivedAt?: string;
  codeLifetimeSeconds?: number;
  sentState?: string;
  nonce?: string;
  callbackUrl?: string;
  accessToken?: string;
  refreshToken?: string;
  idToken?: string;
  grantedScope?: string;
  patient?: string;
  encounter?: string;
  fhirUser?: string;
  patientName?: string;
}

export const PUBLIC_CLIENT_ID = 'playground-public';
export const CONFIDENTIAL_CLIENT_ID = 'playground-confidential';
export const CONFIDENTIAL_CLIENT_SECRET = 'playground-secret';

export const DEFAULT_SCOPES = {
  ehr: 'launch openid fhirUser offline_access patient/Patient.rs patient/Observation.rs',
  standalone: 'launch/patient openid fhirUser offline_access patient/Patient.rs patient/Observation.rs',
} as const;

/** A provider standalone launch: user/ scopes reach what the practitioner may see; launch/patient still asks for one patient in context. */
export const PROVIDER_SCOPES = {
  v2: 'launch/patient openid fhirUser offline_access user/Patient.rs user/Observation.rs',
  v1: 'launch/patient openid fhirUser offline_access user/Patient.read user/Observation.read',
} as const;

export function initialSmartState(launchType: 'ehr' | 'standalone', env: { origin: string; mode: Mode }): SmartLaunchState {
  return {
    launchType,
    mode: env.mode,
    iss: env.mode === 'mock' ? `${env.origin}/mock/smart/fhir` : '',
    clientType: 'public',
    clientId: PUBLIC_CLIENT_ID,
    clientSecret: '',
    clientAuth: 'client_secret_basic',
    rememberSecret: false,
    redirectUri: `${env.origin}/callback`,
    scope: DEFAULT_SCOPES[launchType],
    scenario: { skipLogin: false, skipConsent: false, error: '', patient: '' },
  };
}
