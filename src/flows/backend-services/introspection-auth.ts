/**
 * How the backend client proves itself to the introspection endpoint.
 *
 * RFC 7662 §2.1 makes the endpoint require some authorization but leaves the
 * method to the server. SMART App Launch 2.2 ("Token Introspection") says a
 * server that protects it SHALL accept an appropriately-scoped SMART bearer
 * token in the Authorization header; a server may also list the client
 * authentication methods it takes in introspection_endpoint_auth_methods_supported
 * (RFC 8414 §2). The SMART App Launcher lists none and takes only a bearer token.
 */
export type IntrospectionAuth =
  /** A fresh client assertion in the form, like at the token endpoint. */
  | { kind: 'private_key_jwt'; why: string }
  /** The access token the client holds, as `Authorization: Bearer …`. */
  | { kind: 'bearer'; why: string };

export function chooseIntrospectionAuth(advertised: readonly string[] | undefined): IntrospectionAuth {
  if (advertised === undefined) {
    return {
      kind: 'bearer',
      why:
        'The discovery document has no introspection_endpoint_auth_methods_supported, so the server does not say how callers authenticate. ' +
        'SMART App Launch says a server that protects its introspection endpoint SHALL accept an appropriately-scoped bearer token in the Authorization header, ' +
        'so the client sends the access token it holds.',
    };
  }
  if (advertised.includes('private_key_jwt')) {
    return {
      kind: 'private_key_jwt',
      why:
        `The server lists ${JSON.stringify(advertised)} in introspection_endpoint_auth_methods_supported. ` +
        "private_key_jwt is the credential this client already has: it signs a new assertion (new jti, the token request's is spent). " +
        'Its aud is the token endpoint: RFC 7523 §3 says aud names the authorization server and the token endpoint URL may serve as that name, and SMART uses the token URL.',
    };
  }
  return {
    kind: 'bearer',
    why:
      `The server lists ${JSON.stringify(advertised)} in introspection_endpoint_auth_methods_supported; private_key_jwt is not among them, and this client has a key, not a client secret. ` +
      'SMART App Launch says a server that protects its introspection endpoint SHALL accept an appropriately-scoped bearer token, so the client sends the access token it holds.',
  };
}

/** What was sent, in the words the step shows and a refusal repeats. */
export function describeIntrospectionAuth(auth: IntrospectionAuth): string {
  return auth.kind === 'bearer'
    ? '"Authorization: Bearer <the access token from the token step>"'
    : 'a fresh client_assertion (private_key_jwt, aud = the token endpoint, a new jti) in the form';
}

/** What to try when the endpoint refused the caller (HTTP 401 or 403). */
export function hintForRefusedCaller(auth: IntrospectionAuth, advertised: readonly string[] | undefined): string {
  if (auth.kind === 'bearer') {
    return (
      "The server did not accept the access token as the caller's credential. It may have expired (start over for a new one), " +
      'the server may want a token with a particular scope for introspection (SMART says "appropriately-scoped"), or it may want another method: ' +
      `${advertised ? `it lists ${JSON.stringify(advertised)}` : 'it lists none in introspection_endpoint_auth_methods_supported'}; check the server's documentation.`
    );
  }
  return (
    'The server refused the client assertion. Its error_description names the check that failed. ' +
    'If the server does not take assertions at introspection after all, SMART says it must accept an appropriately-scoped bearer token instead.'
  );
}
