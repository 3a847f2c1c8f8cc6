import type { SmartEndpoints } from './endpoints';
import { isWeakened, type Scenario } from './scenario';
import { ID_TOKEN_ALG } from './signing-key';

/**
 * What the server says about itself. Every capability listed here is
 * implemented (and tested): the list is a promise apps rely on.
 */
const CAPABILITIES = [
  'launch-ehr',
  'launch-standalone',
  'authorize-post',
  'client-public',
  'client-confidential-symmetric',
  'client-confidential-asymmetric',
  'context-ehr-patient',
  'context-ehr-encounter',
  'context-standalone-patient',
  'context-banner',
  'context-style',
  'sso-openid-connect',
  'permission-offline',
  'permission-online',
  'permission-patient',
  'permission-user',
  'permission-v1',
  'permission-v2',
] as const;

const SCOPES_SUPPORTED = [
  'openid',
  'fhirUser',
  'profile',
  'launch',
  'launch/patient',
  'launch/encounter',
  'offline_access',
  'online_access',
  'patient/*.rs',
  'patient/*.cruds',
  'user/*.rs',
  'user/*.cruds',
  'system/*.rs',
  'patient/*.read',
  'patient/*.write',
  'user/*.read',
  'user/*.write',
  'system/*.read',
];

const TOKEN_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];
const ASSERTION_ALGS = ['RS384', 'ES384'];

/**
 * What both documents say that depends on the scenario: the RFC 9207 promise
 * that every authorization response carries `iss`, and, when a lab switched
 * defences off, which ones (a non-standard member, so the learner sees it).
 */
function scenarioMetadata(scenario: Scenario) {
  const weakened = scenario.weaken ?? [];
  return {
    ...(isWeakened(scenario, 'no-iss-parameter') ? {} : { authorization_response_iss_parameter_supported: true }),
    ...(weakened.length > 0 ? { 'x-playground-weakened': [...weakened] } : {}),
  };
}

/** `{fhirBase}/.well-known/smart-configuration` (SMART App Launch 2.2 §Conformance). */
export function smartConfiguration(endpoints: SmartEndpoints, scenario: Scenario) {
  return {
    issuer: endpoints.fhirBase,
    jwks_uri: endpoints.jwks,
    authorization_endpoint: endpoints.authorize,
    token_endpoint: endpoints.token,
    introspection_endpoint: endpoints.introspect,
    registration_endpoint: endpoints.register,
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    token_endpoint_auth_methods_supported: TOKEN_AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGS,
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt', 'bearer'],
    scopes_supported: SCOPES_SUPPORTED,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    capabilities: [...CAPABILITIES],
    ...scenarioMetadata(scenario),
  };
}

/** `{fhirBase}/.well-known/openid-configuration` (OpenID Connect Discovery 1.0). */
export function openidConfiguration(endpoints: SmartEndpoints, scenario: Scenario) {
  return {
    issuer: endpoints.fhirBase,
    jwks_uri: endpoints.jwks,
    authorization_endpoint: endpoints.authorize,
    token_endpoint: endpoints.token,
    introspection_endpoint: endpoints.introspect,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [ID_TOKEN_ALG],
    scopes_supported: ['openid', 'fhirUser', 'profile', 'offline_access', 'online_access'],
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'nonce', 'fhirUser', 'profile', 'name'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['none', ...TOKEN_AUTH_METHODS],
    code_challenge_methods_supported: ['S256'],
    ...scenarioMetadata(scenario),
  };
}

/** The style an app launched in this EHR may follow (context-style). */
export const SMART_STYLE = {
  color_background: '#f6f8fa',
  color_error: '#b3261e',
  color_highlight: '#0b6bcb',
  color_modal_backdrop: 'rgba(0, 0, 0, 0.4)',
  color_success: '#1e7d34',
  color_text: '#1f2328',
  dim_border_radius: '6px',
  dim_font_size: '16px',
  dim_spacing_size: '16px',
  font_family_body: 'system-ui, sans-serif',
  font_family_heading: 'system-ui, sans-serif',
};
