import { StepFailure } from './step-failure';
import type { SpecLink, StepError } from '../journal/types';
import { fetchJson, type FetchJsonOptions } from './http';
import { SPEC } from './specs';
import type { StepErrorCode } from './error-codes';

/**
 * SMART App Launch 2.2 §Conformance: `{iss}/.well-known/smart-configuration`
 * tells the app where the authorization and token endpoints are and what the
 * server can do.
 */
export interface SmartConfiguration {
  issuer?: string;
  jwks_uri?: string;
  authorization_endpoint?: string;
  token_endpoint: string;
  token_endpoint_auth_methods_supported?: string[];
  grant_types_supported: string[];
  registration_endpoint?: string;
  scopes_supported?: string[];
  response_types_supported?: string[];
  management_endpoint?: string;
  introspection_endpoint?: string;
  revocation_endpoint?: string;
  capabilities: string[];
  code_challenge_methods_supported: string[];
  /** RFC 9207: the server names itself (iss) in every authorization response; the app must then require it. */
  authorization_response_iss_parameter_supported: boolean;
  /** The whole document as received, for display. */
  raw: Record<string, unknown>;
}

export interface OpenIdConfiguration {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  userinfo_endpoint?: string;
  id_token_signing_alg_values_supported?: string[];
  raw: Record<string, unknown>;
}

/** One thing wrong with a discovery document: a StepError without the framing. */
export interface DiscoveryProblem {
  code: StepErrorCode;
  message: string;
  hint: string;
  spec: SpecLink;
}

/**
 * Checks that iss is an absolute http(s) URL, and says how to fix the usual
 * slips: a missing scheme, a trailing slash, a query or fragment.
 */
function parseIssuer(iss: string, what = 'The FHIR base URL (iss)'): URL {
  const trimmed = iss.trim();
  if (!trimmed) {
    throw new StepFailure({
      code: 'invalid_url',
      message: `${what} is empty.`,
      hint: "Enter the FHIR server's base URL, such as https://fhir.example.org/r4. In an EHR launch it arrives as the iss parameter.",
      spec: SPEC.smartLaunch,
    });
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    const noScheme = !/^[a-z][a-z0-9+.-]*:/i.test(trimmed);
    throw new StepFailure({
      code: 'invalid_url',
      message: `${what} "${trimmed}" is not an absolute URL.`,
      cause: noScheme ? 'It has no scheme (https:// or http://).' : undefined,
      hint: noScheme ? `Write the scheme too: https://${trimmed.replace(/^\/+/, '')}` : 'Write an absolute URL such as https://fhir.example.org/r4.',
      spec: SPEC.smartLaunch,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new StepFailure({
      code: 'invalid_url',
      message: `${what} "${trimmed}" uses the scheme "${url.protocol}"; only https: (or http: for local testing) can be fetched.`,
      hint: 'Write an https:// URL.',
      spec: SPEC.smartLaunch,
    });
  }
  if (url.search || url.hash) {
    throw new StepFailure({
      code: 'invalid_url',
      message: `${what} "${trimmed}" has a ${url.search ? 'query' : 'fragment'}; a base URL has neither.`,
      hint: `Remove everything from the "${url.search ? '?' : '#'}": ${url.origin}${url.pathname}`,
      spec: SPEC.smartLaunch,
    });
  }
  return url;
}

/** `{iss}/.well-known/smart-configuration`, with one trailing slash of iss dropped so the path has no "//". */
export function smartConfigurationUrl(iss: string): string {
  const url = parseIssuer(iss);
  return `${url.href.replace(/\/+$/, '')}/.well-known/smart-configuration`;
}

/**
 * GETs and validates the SMART configuration of a FHIR server.
 * Throws StepFailure for an unreachable server, CORS, HTTP errors, non-JSON,
 * and for a document that misses what SMART 2.2 requires.
 */
export async function discoverSmartConfiguration(
  fetchFn: typeof fetch,
  iss: string,
  options: Pick<FetchJsonOptions, 'probeFetch'> = {},
): Promise<SmartConfiguration> {
  const url = smartConfigurationUrl(iss);
  let body: Record<string, unknown>;
  try {
    ({ body } = await fetchJson(
      fetchFn,
      url,
      { method: 'GET', headers: { Accept: 'application/json' } },
      'The SMART discovery document',
      // An HTML page or a 404 here nearly always means iss is not the FHIR base: say so.
      { ...options, whenHtml: { message: 'The discovery document is HTML, not JSON — is the URL the FHIR base?', spec: SPEC.smartDiscovery } },
    ));
  } catch (e) {
    if (e instanceof StepFailure && e.error.code === 'http_error') {
      throw new StepFailure({
        ...e.error,
        hint: `${e.error.hint} The discovery document lives at {FHIR base}/.well-known/smart-configuration: is "${iss}" the FHIR base (often with a path such as /r4 or /fhir), not the server's root or a resource URL?`,
        spec: SPEC.smartDiscovery,
      });
    }
    throw e;
  }
  const { problems } = validateSmartConfiguration(body);
  if (problems.length > 0) throw new StepFailure(discoveryFailure(problems, 'The SMART configuration'));
  return toSmartConfiguration(body);
}

function discoveryFailure(problems: DiscoveryProblem[], what: string): StepError {
  const first = problems[0];
  return {
    code: first.code,
    message: problems.length === 1 ? first.message : `${what} has ${problems.length} problems; first: ${first.message}`,
    cause: problems.length > 1 ? problems.map((p, i) => `${i + 1}. ${p.message}`).join(' ') : undefined,
    hint: problems.length === 1 ? first.hint : problems.map((p) => p.hint).join(' '),
    spec: first.spec,
  };
}

/**
 * SMART App Launch 2.2 §Conformance, field by field. `problems` break the
 * flow; `warnings` are RECOMMENDED fields that are missing.
 */
export function validateSmartConfiguration(doc: Record<string, unknown>): {
  problems: DiscoveryProblem[];
  warnings: string[];
} {
  const problems: DiscoveryProblem[] = [];
  const warnings: string[] = [];
  const spec = SPEC.smartDiscovery;
  const problem = (code: StepErrorCode, message: string, hint: string) => problems.push({ code, message, hint, spec });

  const capabilities = stringArray(doc, 'capabilities');
  if (capabilities === undefined) {
    problem(
      'invalid_smart_configuration',
      '"capabilities" is missing or not an array of strings; SMART 2.2 requires it.',
      'The server must list what it supports, such as ["launch-ehr", "launch-standalone", "client-public", "permission-v2"].',
    );
  }
  const caps = capabilities ?? [];
  const launches = caps.includes('launch-ehr') || caps.includes('launch-standalone');

  for (const field of [
    'authorization_endpoint',
    'token_endpoint',
    'registration_endpoint',
    'jwks_uri',
    'management_endpoint',
    'introspection_endpoint',
    'revocation_endpoint',
  ] as const) {
    if (doc[field] !== undefined && !isHttpUrl(doc[field])) {
      problem(
        'invalid_smart_configuration',
        `"${field}" is not an absolute http(s) URL: ${JSON.stringify(doc[field])}.`,
        `The server must publish "${field}" as an absolute URL.`,
      );
    }
  }

  if (doc.token_endpoint === undefined) {
    problem(
      'missing_token_endpoint',
      '"token_endpoint" is missing; SMART 2.2 requires it.',
      'Without a token endpoint the app cannot exchange a code for an access token. The server must publish token_endpoint.',
    );
  }
  if (launches && doc.authorization_endpoint === undefined) {
    problem(
      'missing_authorization_endpoint',
      `"authorization_endpoint" is missing, but the capabilities include ${caps.filter((c) => c.startsWith('launch-')).join(' and ')}.`,
      'An app launch sends the browser to the authorization endpoint; a server that supports launches must publish it.',
    );
  }

  const methods = stringArray(doc, 'code_challenge_methods_supported');
  if (methods === undefined || !methods.includes('S256')) {
    problem(
      'pkce_s256_not_supported',
      methods === undefined
        ? '"code_challenge_methods_supported" is missing; SMART 2.2 requires it and requires it to include "S256".'
        : `"code_challenge_methods_supported" is ${JSON.stringify(methods)}, without "S256".`,
      'SMART 2 requires PKCE with S256 for every app: the app sends a SHA-256 challenge of a secret verifier, so a stolen code is useless without the verifier. The server must support S256 (and should not offer "plain").',
    );
  } else if (methods.includes('plain')) {
    warnings.push('"code_challenge_methods_supported" includes "plain"; SMART 2.2 says servers SHALL NOT support it.');
  }

  const grants = stringArray(doc, 'grant_types_supported');
  if (grants === undefined) {
    problem(
      'invalid_smart_configuration',
      '"grant_types_supported" is missing or not an array of strings; SMART 2.2 requires it.',
      'The server must list its grant types: "authorization_code" for app launch, "client_credentials" for backend services.',
    );
  } else if (launches && !grants.includes('authorization_code')) {
    warnings.push('"grant_types_supported" does not include "authorization_code", yet the server supports launches.');
  }

  if (caps.includes('sso-openid-connect')) {
    if (typeof doc.issuer !== 'string') warnings.push('"issuer" is missing; SMART 2.2 requires it when the capabilities include sso-openid-connect.');
    if (typeof doc.jwks_uri !== 'string') warnings.push('"jwks_uri" is missing; SMART 2.2 requires it when the capabilities include sso-openid-connect.');
  }
  for (const field of ['scopes_supported', 'response_types_supported', 'introspection_endpoint', 'revocation_endpoint', 'management_endpoint']) {
    if (doc[field] === undefined) warnings.push(`"${field}" is missing (RECOMMENDED by SMART 2.2).`);
  }
  return { problems, warnings };
}

function toSmartConfiguration(doc: Record<string, unknown>): SmartConfiguration {
  const str = (k: string) => (typeof doc[k] === 'string' ? doc[k] : undefined);
  return {
    issuer: str('issuer'),
    jwks_uri: str('jwks_uri'),
    authorization_endpoint: str('authorization_endpoint'),
    token_endpoint: doc.token_endpoint as string,
    token_endpoint_auth_methods_supported: stringArray(doc, 'token_endpoint_auth_methods_supported'),
    grant_types_supported: stringArray(doc, 'grant_types_supported') ?? [],
    registration_endpoint: str('registration_endpoint'),
    scopes_supported: stringArray(doc, 'scopes_supported'),
    response_types_supported: stringArray(doc, 'response_types_supported'),
    management_endpoint: str('management_endpoint'),
    introspection_endpoint: str('introspection_endpoint'),
    revocation_endpoint: str('revocation_endpoint'),
    capabilities: stringArray(doc, 'capabilities') ?? [],
    code_challenge_methods_supported: stringArray(doc, 'code_challenge_methods_supported') ?? [],
    authorization_response_iss_parameter_supported: doc.authorization_response_iss_parameter_supported === true,
    raw: doc,
  };
}

/**
 * OpenID Connect Discovery §4: `{issuer}/.well-known/openid-configuration`.
 * The document's issuer must equal the issuer asked for, exactly (§4.3), or
 * id_tokens from it cannot be trusted.
 */
export async function discoverOpenIdConfiguration(
  fetchFn: typeof fetch,
  issuer: string,
  options: Pick<FetchJsonOptions, 'probeFetch'> = {},
): Promise<OpenIdConfiguration> {
  const base = parseIssuer(issuer, 'The OpenID issuer');
  const url = `${base.href.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const { body } = await fetchJson(fetchFn, url, { method: 'GET', headers: { Accept: 'application/json' } }, 'The OpenID configuration', options);
  const spec = SPEC.oidcDiscovery;
  const problems: DiscoveryProblem[] = [];
  if (body.issuer !== issuer) {
    problems.push({
      code: 'issuer_mismatch',
      message: `The OpenID configuration says issuer ${JSON.stringify(body.issuer)}, but it was fetched for ${JSON.stringify(issuer)}.`,
      hint: 'They must be identical, character for character (a trailing slash counts). Use the issuer exactly as the server publishes it.',
      spec,
    });
  }
  if (!isHttpUrl(body.jwks_uri)) {
    problems.push({
      code: 'missing_jwks_uri',
      message: '"jwks_uri" is missing or not an absolute URL.',
      hint: 'Without jwks_uri the app cannot fetch the keys that verify id_token signatures. The server must publish it.',
      spec,
    });
  }
  if (problems.length > 0) throw new StepFailure(discoveryFailure(problems, 'The OpenID configuration'));
  const str = (k: string) => (typeof body[k] === 'string' ? body[k] : undefined);
  return {
    issuer: body.issuer as string,
    jwks_uri: body.jwks_uri as string,
    authorization_endpoint: str('authorization_endpoint'),
    token_endpoint: str('token_endpoint'),
    userinfo_endpoint: str('userinfo_endpoint'),
    id_token_signing_alg_values_supported: stringArray(body, 'id_token_signing_alg_values_supported'),
    raw: body,
  };
}

/** GETs a JWK Set (RFC 7517 §5): an object with a "keys" array. */
export async function fetchJwks(
  fetchFn: typeof fetch,
  jwksUri: string,
  options: Pick<FetchJsonOptions, 'probeFetch'> = {},
): Promise<{ keys: Record<string, unknown>[] }> {
  const { body } = await fetchJson(fetchFn, jwksUri, { method: 'GET', headers: { Accept: 'application/json' } }, 'The JWK Set', options);
  const keys = body.keys;
  if (!Array.isArray(keys) || keys.some((k) => k === null || typeof k !== 'object' || Array.isArray(k))) {
    throw new StepFailure({
      code: 'invalid_jwks',
      message: 'The JWK Set has no "keys" array of key objects.',
      hint: 'A JWK Set is {"keys": [ {...}, ... ]}. Check that jwks_uri points at the key set.',
      spec: SPEC.jwks,
    });
  }
  return { keys: keys as Record<string, unknown>[] };
}

function stringArray(doc: Record<string, unknown>, key: string): string[] | undefined {
  const v = doc[key];
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
}

function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
