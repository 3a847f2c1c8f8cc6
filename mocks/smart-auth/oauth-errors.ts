import { json } from '../core/server';

/**
 * OAuth errors as the specs define them: RFC 6749 §4.1.2.1 for the
 * authorization endpoint (a redirect back to a trusted redirect_uri), §5.2 for
 * the token endpoint (JSON, 400, or 401 with WWW-Authenticate when client
 * authentication failed). Every response from the token and introspection
 * endpoints carries Cache-Control: no-store and Pragma: no-cache (§5.1).
 */
export type AuthorizeErrorCode = 'invalid_request' | 'unauthorized_client' | 'access_denied' | 'unsupported_response_type' | 'invalid_scope' | 'server_error';

export type TokenErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope';

export const NO_STORE: Record<string, string> = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** A JSON answer from the token or introspection endpoint. */
export function noStoreJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function tokenError(error: TokenErrorCode, description: string, status = 400): Response {
  return noStoreJson({ error, error_description: description }, status);
}

function quoted(value: string): string {
  return value.replace(/["\\]/g, "'");
}

/** 401 invalid_client: the client must learn which authentication scheme to use (RFC 6749 §5.2). */
export function invalidClient(description: string): Response {
  return noStoreJson({ error: 'invalid_client', error_description: description }, 401, {
    'WWW-Authenticate': `Basic realm="SMART mock token endpoint", error="invalid_client", error_description="${quoted(description)}"`,
  });
}

/** The redirect_uri with error, error_description and state in its query (RFC 6749 §4.1.2.1). */
export function errorRedirectUrl(redirectUri: string, error: AuthorizeErrorCode, description: string, state: string | undefined): string {
  const url = new URL(redirectUri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  if (state !== undefined) url.searchParams.set('state', state);
  return url.href;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * The page a browser sees when the server may not redirect: the client_id or
 * redirect_uri cannot be trusted, so sending the user there would make this
 * server an open redirector (RFC 6749 §4.1.2.1, RFC 9700 §4.11).
 */
export function authorizeErrorPage(error: string, description: string): Response {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Authorization error: ${escapeHtml(error)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<main class="mock-page">
<p class="mock-banner" role="note">Mock SMART authorization server — this page belongs to the server, not to the app</p>
<h1>The authorization request was refused</h1>
<p><strong>Error:</strong> <code>${escapeHtml(error)}</code></p>
<p><strong>What is wrong:</strong> ${escapeHtml(description)}</p>
<p><strong>Why you were not sent back to the app:</strong> the server can only redirect to a redirect_uri it has
registered for a client_id it knows. With an unknown client or redirect URI it shows this page instead, so it cannot
be used to send users (and codes) to an address an attacker chose (RFC 6749 §4.1.2.1).</p>
</main>
</body>
</html>`;
  return new Response(html, { status: 400, headers: { 'content-type': 'text/html; charset=utf-8', ...NO_STORE } });
}
