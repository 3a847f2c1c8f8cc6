import { describe, expect, it } from 'vitest';
import {
  classifyFetchFailure,
  describeOAuthError,
  oauthErrorFromRedirect,
  oauthErrorFromTokenResponse,
  parseWwwAuthenticate,
} from '../../../src/protocol/errors';
import { answeringProbe, failingFetch, json } from './fake-fetch';

const AUTHORIZE_CODES = [
  'invalid_request',
  'unauthorized_client',
  'access_denied',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
];
const TOKEN_CODES = ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope'];

describe('OAuth error descriptions', () => {
  it.each(AUTHORIZE_CODES)('explains the authorization error %s (RFC 6749 §4.1.2.1)', (code) => {
    const d = describeOAuthError(code, 'authorize');
    expect(d.spec.url).toContain('rfc6749#section-4.1.2.1');
    expect(d.meaning).not.toMatch(/does not define/);
    expect(d.hint.length).toBeGreaterThan(20);
  });

  it.each(TOKEN_CODES)('explains the token error %s (RFC 6749 §5.2)', (code) => {
    const d = describeOAuthError(code, 'token');
    expect(d.spec.url).toContain('rfc6749#section-5.2');
    expect(d.meaning).not.toMatch(/does not define/);
  });

  it.each(['invalid_token', 'insufficient_scope'])('explains the bearer error %s (RFC 6750 §3.1)', (code) => {
    expect(describeOAuthError(code, 'resource').spec.url).toContain('rfc6750#section-3.1');
  });

  it('says when a code is used where the spec does not define it', () => {
    expect(describeOAuthError('invalid_grant', 'authorize').hint).toMatch(/defines "invalid_grant" for the token endpoint/);
  });

  it('says an unknown code is not a standard one', () => {
    expect(describeOAuthError('made_up').meaning).toMatch(/do not define/);
  });
});

describe('token endpoint error responses (RFC 6749 §5.2)', () => {
  it.each(TOKEN_CODES)('turns a %s JSON body into a StepError with the description', async (code) => {
    const status = code === 'invalid_client' ? 401 : 400;
    const error = await oauthErrorFromTokenResponse(json({ error: code, error_description: 'code_verifier does not match' }, status));
    expect(error.code).toBe(code);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.cause).toContain('code_verifier does not match');
    expect(error.spec?.url).toContain('section-5.2');
  });

  it('leaves the response readable for the caller', async () => {
    const response = json({ error: 'invalid_grant' }, 400);
    await oauthErrorFromTokenResponse(response);
    await expect(response.json()).resolves.toEqual({ error: 'invalid_grant' });
  });

  it('describes an HTML error page', async () => {
    const error = await oauthErrorFromTokenResponse(
      new Response('<html><body>Bad Gateway</body></html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } }),
    );
    expect(error.code).toBe('http_error');
    expect(error.message).toContain('HTTP 502 Bad Gateway');
    expect(error.cause).toContain('Bad Gateway');
    expect(error.hint).toMatch(/server failed/);
  });

  it('describes an empty 404', async () => {
    const error = await oauthErrorFromTokenResponse(new Response('', { status: 404 }));
    expect(error).toMatchObject({ code: 'http_error', cause: 'The body is empty.' });
    expect(error.hint).toMatch(/endpoint URL/);
  });

  it('reads an RFC 6750 error from WWW-Authenticate', async () => {
    const error = await oauthErrorFromTokenResponse(
      new Response('', { status: 401, headers: { 'www-authenticate': 'Bearer realm="fhir", error="invalid_token", error_description="The token expired"' } }),
    );
    expect(error.code).toBe('invalid_token');
    expect(error.cause).toContain('The token expired');
    expect(error.spec?.url).toContain('rfc6750');
  });

  it('parses quoted and bare WWW-Authenticate parameters', () => {
    expect(parseWwwAuthenticate('Bearer error=insufficient_scope, scope="patient/Observation.rs", error_description="needs \\"rs\\""')).toEqual({
      scheme: 'Bearer',
      error: 'insufficient_scope',
      scope: 'patient/Observation.rs',
      error_description: 'needs "rs"',
      error_uri: undefined,
    });
  });
});

describe('authorization error redirects (RFC 6749 §4.1.2.1)', () => {
  it('is undefined for a successful callback', () => {
    expect(oauthErrorFromRedirect(new URLSearchParams('code=abc&state=xyz'))).toBeUndefined();
  });

  it.each(AUTHORIZE_CODES)('explains a callback with error=%s', (code) => {
    const error = oauthErrorFromRedirect(new URLSearchParams({ error: code, error_description: 'Authorization denied.', state: 'xyz' }));
    expect(error).toMatchObject({ code, cause: expect.stringContaining('Authorization denied.') });
    expect(error!.spec?.url).toContain('section-4.1.2.1');
  });

  it('notes a missing error_description', () => {
    expect(oauthErrorFromRedirect(new URLSearchParams('error=access_denied'))!.cause).toMatch(/no error_description/);
  });
});

describe('classifyFetchFailure', () => {
  it('calls it CORS when the no-cors probe gets an answer', async () => {
    const error = await classifyFetchFailure('https://fhir.example.org/r4/metadata', new TypeError('Failed to fetch'), answeringProbe);
    expect(error.code).toBe('cors');
    expect(error.hint).toMatch(/Access-Control-Allow-Origin/);
    expect(error.spec?.url).toContain('fetch.spec.whatwg.org');
    expect(error.cause).toContain('Failed to fetch');
  });

  it('calls it a network failure when the probe fails too', async () => {
    const error = await classifyFetchFailure('http://127.0.0.1:9/x', new TypeError('Failed to fetch'), failingFetch);
    expect(error.code).toBe('network');
    expect(error.hint).toMatch(/server is running/);
  });

  it('probes the same URL with mode no-cors', async () => {
    const seen: [string, RequestInit | undefined][] = [];
    const probe = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push([String(input), init]);
      return new Response(null);
    }) as typeof fetch;
    await classifyFetchFailure('https://fhir.example.org/r4/.well-known/smart-configuration', new TypeError('x'), probe);
    expect(seen).toHaveLength(1);
    expect(seen[0][0]).toBe('https://fhir.example.org/r4/.well-known/smart-configuration');
    expect(seen[0][1]?.mode).toBe('no-cors');
  });

  it('calls an unparsable URL invalid without probing', async () => {
    let probed = false;
    const probe = (async () => {
      probed = true;
      return new Response(null);
    }) as typeof fetch;
    const error = await classifyFetchFailure('fhir.example.org/r4', new TypeError('Invalid URL'), probe);
    expect(error.code).toBe('invalid_url');
    expect(probed).toBe(false);
  });

  it('recognises an aborted request', async () => {
    const error = await classifyFetchFailure('https://x.example/', new DOMException('The operation was aborted.', 'AbortError'), answeringProbe);
    expect(error.code).toBe('aborted');
  });
});
