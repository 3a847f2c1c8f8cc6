/**
 * Every token request the SMART client sends (code exchange, refresh) is built
 * here, so a client authenticates the same way each time.
 */

/** How a client proves itself at the token endpoint (RFC 6749 §2.3). */
export type ClientCredentials =
  | { method: 'none'; clientId: string }
  | { method: 'client_secret_basic'; clientId: string; clientSecret: string }
  | { method: 'client_secret_post'; clientId: string; clientSecret: string };

export interface TokenRequest {
  headers: Record<string, string>;
  body: URLSearchParams;
}

/** application/x-www-form-urlencoded, as RFC 6749 Appendix B asks: UTF-8, then percent-escapes, space as "+". */
function formUrlEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * RFC 6749 §2.3.1: `Basic base64(form-urlencode(client_id) ":" form-urlencode(secret))`.
 * After form-encoding the text is plain ASCII, so the platform's btoa encodes
 * exactly its UTF-8 bytes; a colon in the secret becomes %3A and cannot split it.
 */
export function clientSecretBasic(clientId: string, clientSecret: string): string {
  return `Basic ${btoa(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`)}`;
}

/** The grant's own parameters plus the client's authentication, as one form POST. */
export function buildTokenRequest(grant: Record<string, string>, client: ClientCredentials): TokenRequest {
  const body = new URLSearchParams(grant);
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  switch (client.method) {
    case 'client_secret_basic':
      headers.Authorization = clientSecretBasic(client.clientId, client.clientSecret);
      break;
    case 'client_secret_post':
      body.set('client_id', client.clientId);
      body.set('client_secret', client.clientSecret);
      break;
    case 'none':
      // RFC 6749 §4.1.3: a client that does not authenticate names itself.
      body.set('client_id', client.clientId);
      break;
  }
  return { headers, body };
}

export interface ClientAuthenticationExplained {
  /** One line: what was sent. */
  sent: string;
  /** client_secret_basic only: the RFC form and the raw `id:secret` form are different bytes. */
  formsDiffer: boolean;
  note: string;
}

/** What the learner should know about how the client authenticated, and where servers differ. */
export function explainClientAuthentication(client: ClientCredentials): ClientAuthenticationExplained {
  switch (client.method) {
    case 'none':
      return {
        sent: 'none: client_id in the form (public client)',
        formsDiffer: false,
        note: 'A public client has no secret: PKCE proves it is the app that started the flow.',
      };
    case 'client_secret_post':
      return {
        sent: 'client_secret_post: client_id and client_secret in the form body',
        formsDiffer: false,
        note: 'RFC 6749 §2.3.1 allows the secret in the body, but recommends HTTP Basic; the form encoding of the body carries any character safely.',
      };
    case 'client_secret_basic': {
      const formsDiffer = formUrlEncode(client.clientId) !== client.clientId || formUrlEncode(client.clientSecret) !== client.clientSecret;
      const base =
        'Sent as RFC 6749 §2.3.1 says: client_id and client_secret each form-urlencoded, joined by ":", then base64. Many servers skip the form-encoding and accept only the raw base64(client_id:client_secret).';
      return {
        sent: 'client_secret_basic: Authorization: Basic base64(form-urlencode(client_id):form-urlencode(client_secret))',
        formsDiffer,
        note: formsDiffer
          ? `${base} This client_id or secret has characters that form-encoding changes, so the two forms differ here: a server that expects the raw form answers invalid_client. Then use client_secret_post, or a secret of letters, digits and - . _ *.`
          : `${base} This client_id and secret have no characters that form-encoding changes, so both forms are the same bytes and every server accepts them.`,
      };
    }
  }
}
