/**
 * Every code a StepError may carry, in one place (as oauth4webapi exports its
 * codes): the OAuth errors the specs define, and the playground's own. Code
 * that reacts to a failure branches on these, never on a message's wording.
 */

/** RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3.1, OpenID Connect Core §3.1.2.6. */
export const OAUTH_ERROR_CODES = [
  'invalid_request',
  'unauthorized_client',
  'access_denied',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
  'invalid_client',
  'invalid_grant',
  'unsupported_grant_type',
  'invalid_token',
  'insufficient_scope',
  'login_required',
  'consent_required',
  'interaction_required',
] as const;
type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];

/** The playground's own codes: what failed on the way (transport, documents, flow order, checks). */
export const PLAYGROUND_ERROR_CODES = [
  // Transport and answers (src/protocol/http.ts, errors.ts)
  'network',
  'cors',
  'aborted',
  'invalid_url',
  'http_error',
  'not_json',
  'not_json_object',
  // Discovery and keys
  'invalid_smart_configuration',
  'missing_authorization_endpoint',
  'missing_token_endpoint',
  'pkce_s256_not_supported',
  'missing_jwks_uri',
  'invalid_jwks',
  'issuer_mismatch',
  'issuer_missing',
  // Tokens and JWTs
  'malformed_jwt',
  'invalid_id_token',
  'missing_id_token',
  'invalid_token_response',
  'invalid_code_verifier',
  // Flow order and the browser's return
  'missing_previous_step',
  'invalid_launch',
  'no_callback',
  'not_returned',
  'no_code',
  'no_patient',
  'state_mismatch',
  'signin_state_missing',
  'inconsistent',
  // Backend services
  'key_import',
  'key_missing',
  'missing_client_id',
  'not_the_mock',
  'private_key_jwt_not_supported',
  'alg_not_supported',
  'client_credentials_not_supported',
  'failure_accepted',
  'no_introspection_endpoint',
  'token_inactive',
  'unknown_token_active',
  // MedMij
  'list_unavailable',
  'invalid_list',
  'unknown_zorgaanbieder',
  'unknown_gegevensdienst',
  'not_on_ocl',
  'inspect_failed',
  'bsn_in_answer',
  // The runner's own: an exception that was not a StepFailure, a step a reload cut off, or a status without its error
  'unexpected',
  'interrupted',
  'unknown',
] as const;
type PlaygroundErrorCode = (typeof PLAYGROUND_ERROR_CODES)[number];

declare const serverDefined: unique symbol;
/** A code a server sent that no spec defines (servers may add their own): made only by oauthErrorCode(). */
type ServerDefinedErrorCode = string & { readonly [serverDefined]: true };

export type StepErrorCode = OAuthErrorCode | PlaygroundErrorCode | ServerDefinedErrorCode;

/** The code for an error a server sent: a known OAuth code as it is, any other marked as the server's own. */
export function oauthErrorCode(error: string): StepErrorCode {
  return error as StepErrorCode;
}
