import type { SpecLink, StepError } from '../journal/types';
import { SPEC } from './specs';
import { errorText } from './step-failure';
import { oauthErrorCode } from './error-codes';

/**
 * OAuth errors explained. A server answers with a bare code (`invalid_grant`);
 * a learner needs to know what the code means, who caused it and what to try.
 */

/** Where the error came from: it decides which spec section defines the code. */
export type OAuthErrorSource = 'authorize' | 'token' | 'resource';

export interface OAuthErrorDescription {
  /** What the code means, in one sentence. */
  meaning: string;
  /** What to check or do next. */
  hint: string;
  spec: SpecLink;
}

type Known = Partial<Record<OAuthErrorSource, Omit<OAuthErrorDescription, 'spec'>>>;

const KNOWN: Record<string, Known> = {
  invalid_request: {
    authorize: {
      meaning: 'The authorization request is missing a required parameter, repeats one, or has a value the server cannot accept.',
      hint: 'Compare the authorize URL with the spec: response_type=code, client_id, redirect_uri, scope, state, aud (the FHIR base) and code_challenge with code_challenge_method=S256. The error_description names the parameter.',
    },
    token: {
      meaning: 'The token request is missing a required parameter, repeats one, or is malformed.',
      hint: 'A code exchange needs grant_type=authorization_code, code, redirect_uri (exactly as in the authorize request) and code_verifier, sent as application/x-www-form-urlencoded. The error_description names the parameter.',
    },
    resource: {
      meaning: 'The request to the resource server is malformed: a missing or repeated parameter, or the token sent in more than one way.',
      hint: 'Send the access token once, in the header "Authorization: Bearer <token>", and check the request parameters.',
    },
  },
  unauthorized_client: {
    authorize: {
      meaning: 'This client is not allowed to ask for an authorization code this way.',
      hint: 'Check the client registration: is the authorization_code grant enabled for this client_id, and is it the right client_id for this server? In MedMij, this code also means the DigiD login failed or was cancelled.',
    },
    token: {
      meaning: 'The client authenticated, but is not allowed to use this grant type.',
      hint: 'Check which grant types the client is registered for (authorization_code, refresh_token, client_credentials) and use one of those.',
    },
  },
  access_denied: {
    authorize: {
      meaning: 'The user or the authorization server refused the request.',
      hint: 'The user may have declined consent or cancelled the login; read the error_description for the reason. Start the flow again and approve, or choose scopes the user may grant.',
    },
  },
  unsupported_response_type: {
    authorize: {
      meaning: 'The authorization server does not issue what response_type asked for.',
      hint: 'SMART and MedMij use the authorization code flow: send response_type=code.',
    },
  },
  invalid_scope: {
    authorize: {
      meaning: 'A requested scope is unknown, malformed, or more than this client may ask for.',
      hint: 'Compare each scope with the grammar (for SMART: patient/Observation.rs, launch/patient, openid fhirUser) and with the scopes_supported in the discovery document.',
    },
    token: {
      meaning: 'A requested scope is unknown, malformed, or goes beyond what the resource owner granted.',
      hint: 'On refresh, ask for no more than the original grant. For client_credentials, ask only for system/ scopes the client is registered for.',
    },
  },
  server_error: {
    authorize: {
      meaning: 'The authorization server hit an unexpected condition and could not finish the request.',
      hint: "This is the server's fault, not yours. Try again; if it persists, look at the server's logs.",
    },
  },
  temporarily_unavailable: {
    authorize: {
      meaning: 'The authorization server is overloaded or down for maintenance.',
      hint: 'Wait a moment and try again.',
    },
  },
  invalid_client: {
    token: {
      meaning: 'Client authentication failed: the client is unknown, sent no credentials, or sent the wrong ones.',
      hint: 'Check the client_id, and how the client authenticates: a confidential client sends its secret (HTTP Basic) or a signed client_assertion (private_key_jwt) whose kid is in the registered JWKS; a public client sends only client_id.',
    },
  },
  invalid_grant: {
    token: {
      meaning:
        'The code or refresh token is invalid, expired, already used, revoked, or was issued to another client or redirect_uri — or the PKCE code_verifier does not match the code_challenge.',
      hint: "Codes are single-use and short-lived: start the flow again rather than replay. Send the same redirect_uri as in the authorize request and the code_verifier that belongs to this code's code_challenge.",
    },
  },
  unsupported_grant_type: {
    token: {
      meaning: 'The authorization server does not support this grant_type.',
      hint: 'Check grant_types_supported in the discovery document and send one of those (authorization_code, refresh_token, client_credentials).',
    },
  },
  invalid_token: {
    resource: {
      meaning: 'The access token is expired, revoked, malformed, or was not issued by the server this resource trusts.',
      hint: 'Get a new access token (use the refresh token if you have one) and send it as "Authorization: Bearer <token>".',
    },
  },
  insufficient_scope: {
    resource: {
      meaning: 'The access token is valid but its scopes do not allow this request.',
      hint: 'Compare the request (resource type, patient, read or search) with the granted scopes; ask for the needed scope in a new authorization.',
    },
  },
  // OpenID Connect Core §3.1.2.6: seen when prompt=none or the user must act.
  login_required: {
    authorize: {
      meaning: 'The user must log in, but the request asked the server not to show a login screen.',
      hint: 'Send the request without prompt=none so the user can log in.',
    },
  },
  consent_required: {
    authorize: {
      meaning: 'The user must give consent, but the request asked the server not to ask.',
      hint: 'Send the request without prompt=none so the user can consent.',
    },
  },
  interaction_required: {
    authorize: {
      meaning: 'The server needs the user to interact, but the request asked it not to.',
      hint: 'Send the request without prompt=none.',
    },
  },
};

const SPEC_FOR: Record<OAuthErrorSource, SpecLink> = {
  authorize: SPEC.authorizationErrors,
  token: SPEC.tokenErrors,
  resource: SPEC.bearerErrors,
};

/** Every code RFC 6749 §4.1.2.1, §5.2 and RFC 6750 §3.1 define (plus OIDC's prompt errors). */
export const KNOWN_OAUTH_ERROR_CODES: readonly string[] = Object.keys(KNOWN);

/**
 * What an OAuth error code means and what to do. A code defined for another
 * source (invalid_grant at the authorize endpoint) is still explained, with the
 * spec section that defines it.
 */
export function describeOAuthError(code: string, source: OAuthErrorSource = 'token'): OAuthErrorDescription {
  const known = Object.hasOwn(KNOWN, code) ? KNOWN[code] : undefined;
  if (known) {
    const own = known[source];
    if (own) return { ...own, spec: SPEC_FOR[source] };
    const other = (Object.keys(known) as OAuthErrorSource[])[0];
    const described = known[other]!;
    return {
      meaning: described.meaning,
      hint: `${described.hint} (Note: the spec defines "${code}" for the ${endpointName(other)}, not the ${endpointName(source)}; a strict server would not send it here.)`,
      spec: SPEC_FOR[other],
    };
  }
  return {
    meaning: `The server answered with the error code "${code}", which the OAuth specs do not define.`,
    hint: 'Read the error_description; a server-specific code is documented by that server. A standard server uses only the codes of RFC 6749 §4.1.2.1 and §5.2.',
    spec: SPEC_FOR[source],
  };
}

function endpointName(source: OAuthErrorSource): string {
  return source === 'authorize' ? 'authorization endpoint' : source === 'token' ? 'token endpoint' : 'resource server';
}

/** Builds the StepError for an OAuth error (from a redirect, a JSON body or a WWW-Authenticate header). */
export function oauthStepError(
  fields: { error: string; error_description?: string; error_uri?: string },
  source: OAuthErrorSource,
  context: string,
): StepError {
  const described = describeOAuthError(fields.error, source);
  const cause = [
    fields.error_description ? `The server says: "${fields.error_description}"` : 'The server sent no error_description.',
    fields.error_uri ? `More at ${fields.error_uri}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  return {
    code: oauthErrorCode(fields.error),
    message: `${context} answered with the OAuth error "${fields.error}": ${lowerFirst(described.meaning)}`,
    cause,
    hint: described.hint,
    spec: described.spec,
  };
}

/**
 * RFC 6749 §4.1.2.1: the authorization server sends the browser back with
 * error, error_description, error_uri and state. Undefined when the callback
 * carries no error.
 */
export function oauthErrorFromRedirect(params: URLSearchParams): StepError | undefined {
  const error = params.get('error');
  if (error === null) return undefined;
  return oauthStepError(
    {
      error,
      error_description: params.get('error_description') ?? undefined,
      error_uri: params.get('error_uri') ?? undefined,
    },
    'authorize',
    'The authorization server',
  );
}

/**
 * RFC 6749 §5.2: a token endpoint error is a JSON object with `error`. Anything
 * else (an HTML error page, an empty body) is described as what it is.
 * Reads a clone, so the caller may still read the response.
 */
export async function oauthErrorFromTokenResponse(response: Response): Promise<StepError> {
  const text = await response
    .clone()
    .text()
    .catch(() => '');
  return errorFromHttpAnswer(response.status, response.statusText, response.headers, text, 'token', 'The token endpoint');
}

/**
 * Turns a non-2xx HTTP answer into a StepError: an OAuth error from the JSON
 * body or (RFC 6750 §3) from WWW-Authenticate when there is one, otherwise a
 * description of the status and the body.
 */
export function errorFromHttpAnswer(status: number, statusText: string, headers: Headers, bodyText: string, source: OAuthErrorSource, who: string): StepError {
  const json = parseJsonObject(bodyText);
  if (json && typeof json.error === 'string') {
    return oauthStepError(
      {
        error: json.error,
        error_description: typeof json.error_description === 'string' ? json.error_description : undefined,
        error_uri: typeof json.error_uri === 'string' ? json.error_uri : undefined,
      },
      source,
      `${who} (HTTP ${status})`,
    );
  }
  const challenge = parseWwwAuthenticate(headers.get('www-authenticate'));
  if (challenge?.error) {
    return oauthStepError(
      { error: challenge.error, error_description: challenge.error_description, error_uri: challenge.error_uri },
      'resource',
      `${who} (HTTP ${status}, WWW-Authenticate)`,
    );
  }
  const statusLine = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  const bodyNote = bodyText.trim()
    ? `${json ? 'The JSON body has no "error" member' : 'The body is not OAuth error JSON'}; it starts with: ${excerpt(bodyText, 200)}`
    : 'The body is empty.';
  return {
    code: 'http_error',
    message: `${who} answered ${statusLine} without an OAuth error code.`,
    cause: bodyNote,
    hint: hintForStatus(status, source),
    spec: source === 'token' ? SPEC.tokenErrors : source === 'resource' ? SPEC.bearerErrors : undefined,
  };
}

function hintForStatus(status: number, source: OAuthErrorSource): string {
  if (status === 401)
    return source === 'resource'
      ? 'The request was not authenticated: send "Authorization: Bearer <access token>" with a token that is still valid.'
      : 'Client authentication failed: check the client credentials.';
  if (status === 403) return 'The server understood the request but refuses it: check the scopes and the patient in context.';
  if (status === 404) return 'Nothing lives at this URL: check the endpoint URL (from the discovery document) and the resource id.';
  if (status === 405) return 'The endpoint does not accept this HTTP method: a token request is a POST.';
  if (status === 415) return 'The server does not accept this Content-Type: token requests are application/x-www-form-urlencoded.';
  if (status >= 500) return "The server failed: try again, or look at the server's logs.";
  if (source === 'token')
    return 'RFC 6749 §5.2 says a token endpoint answers errors as JSON with an "error" member; this server did not. Check that the URL really is the token endpoint.';
  return "Check the URL and the request against the server's documentation.";
}

/** RFC 6750 §3: `Bearer realm="x", error="invalid_token", error_description="..."`. */
export function parseWwwAuthenticate(
  header: string | null,
): { scheme: string; error?: string; error_description?: string; error_uri?: string; scope?: string } | undefined {
  if (!header) return undefined;
  const scheme = header.trim().split(/\s+/, 1)[0] ?? '';
  const params: Record<string, string> = {};
  for (const m of header.matchAll(/([a-zA-Z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return {
    scheme,
    error: params.error,
    error_description: params.error_description,
    error_uri: params.error_uri,
    scope: params.scope,
  };
}

/**
 * fetch rejects with a bare TypeError ("Failed to fetch") both when the server
 * is unreachable and when CORS refused the answer; the browser hides which on
 * purpose. A second request with mode 'no-cors' tells them apart: it resolves
 * (with an opaque response) when the server answered, and rejects only when
 * nothing answered at all.
 */
export async function classifyFetchFailure(
  url: string,
  error: unknown,
  probeFetch: typeof fetch = (input, init) => globalThis.fetch(input, init),
): Promise<StepError> {
  const browserSays = errorText(error);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return invalidUrlError(url, browserSays);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return invalidUrlError(url, `The scheme is "${parsed.protocol}"; only http: and https: can be fetched.`);
  }
  if (error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return {
      code: 'aborted',
      message: `The request to ${url} was aborted before an answer came.`,
      cause: browserSays,
      hint: 'The request was cancelled or timed out. Try again; if it keeps timing out, check that the server runs and answers.',
    };
  }

  const serverAnswered = await probeFetch(parsed.href, { mode: 'no-cors', method: 'GET', credentials: 'omit', cache: 'no-store' }).then(
    () => true,
    () => false,
  );

  const origin = appOrigin();
  if (serverAnswered) {
    return {
      code: 'cors',
      message: `The browser refused to show this app the answer from ${parsed.origin}: the server did not allow this origin (CORS).`,
      cause: `${browserSays}. The same URL answered a request made with mode "no-cors", so the server is up; the browser blocked the answer because the CORS check failed.`,
      hint: `The server must send Access-Control-Allow-Origin for ${origin ?? "this app's origin"} (and answer the preflight OPTIONS request with Access-Control-Allow-Methods and Access-Control-Allow-Headers for the headers sent, such as Authorization). Configure CORS on the server, or use mock mode.`,
      spec: SPEC.cors,
    };
  }
  const mixed = origin?.startsWith('https:') && parsed.protocol === 'http:' && !isLoopback(parsed.hostname);
  return {
    code: 'network',
    message: `No answer from ${parsed.origin}: the request did not reach a server.`,
    cause: `${browserSays}. A second request with mode "no-cors" failed too, so this is not CORS: nothing answered.`,
    hint: mixed
      ? `This page is served over https but the URL is http: the browser blocks such "mixed content". Use the https URL of the server.`
      : `Check the URL (host, port, http or https) and that the server is running and reachable from this browser (DNS, VPN, offline). Open ${parsed.origin} in a new tab to see whether it answers.`,
    spec: mixed ? SPEC.mixedContent : undefined,
  };
}

function invalidUrlError(url: string, cause: string): StepError {
  return {
    code: 'invalid_url',
    message: `"${url}" is not a URL this app can fetch.`,
    cause,
    hint: 'Write an absolute URL with its scheme, such as https://fhir.example.org/r4.',
  };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

function appOrigin(): string | undefined {
  const loc = (globalThis as { location?: { origin?: string } }).location;
  return loc?.origin && loc.origin !== 'null' ? loc.origin : undefined;
}

/** Parses text as a JSON object; undefined for anything else. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The first n characters of a body, on one line, for an error message. */
export function excerpt(text: string, n: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > n ? `${flat.slice(0, n)}…` : flat);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
