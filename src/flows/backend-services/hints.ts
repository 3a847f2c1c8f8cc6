import type { Attack } from './state';

/**
 * A hint for a refused client assertion, chosen by the check the server names
 * in its error_description. Servers word their descriptions differently, so an
 * unmatched description falls back to the general advice.
 */
const HINTS: [RegExp, string][] = [
  [
    /jti/i,
    'Make a new assertion, with a new random jti, for every request. Never cache or resend one: the server remembers each jti until the assertion expires.',
  ],
  [/\baud\b/i, 'Set aud to the token_endpoint from the discovery document, character for character: not the FHIR base, not the issuer.'],
  [
    /exp.*(past|expired)|expired/i,
    "The assertion expired before it reached the server. Build and send it within its lifetime (Start over keeps your set-up), and check this computer's clock: the server allows no clock skew.",
  ],
  [/exp|5 minutes|300/i, 'Set exp no more than 300 seconds (5 minutes) after now; a few minutes is plenty for one request.'],
  [/\bjku\b/i, 'Leave jku out, or set it to the registered jwks_uri exactly; the server fetches keys only from the URL registered for the client.'],
  [
    /alg|HS\d{3}|none/i,
    'Sign with RS384 or ES384 using the private key whose public key you registered. "none" and HS* are never accepted for backend services.',
  ],
  [/signature/i, 'Sign with the private key whose public key was registered. If you made a new key, register its public key (again) first.'],
  [/\bkid\b/i, 'Put the kid of a registered public key in the header. After a key rotation, register the new public key before using it.'],
  [
    /jwks_uri|JWKS/i,
    'The server must be able to fetch the registered jwks_uri and find a usable public key there. Check that the URL answers with the JWK Set.',
  ],
  [/not a registered|unknown client|registered/i, 'Register the client (with its public key) first, and use the client_id it was given as both iss and sub.'],
  [/\bsub\b|\biss\b|client_id/i, 'Set iss and sub both to the client_id, and send the same client_id (if you send one) in the form.'],
  [/client_assertion_type/i, 'Send client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer.'],
];

export function hintForRefusal(description: string | undefined): string | undefined {
  if (!description) return undefined;
  return HINTS.find(([pattern]) => pattern.test(description))?.[1];
}

/** Why the server must refuse each "try the failures" choice. */
export const ATTACK_LESSONS: Record<Exclude<Attack, 'none'>, string> = {
  'replayed-jti':
    'An assertion copied from a log or a proxy would otherwise work again until it expires. Remembering each jti until exp makes every assertion single-use.',
  'exp-10-min': 'A long-lived assertion is as good as a password while it lasts. SMART caps its life at 5 minutes so a leaked one soon stops working.',
  'wrong-aud': 'An assertion made for one server must not work at another: the aud ties it to this token endpoint, exactly.',
  'unregistered-key': 'Only the holder of the registered private key can authenticate as the client. A signature by any other key must fail.',
  'alg-hs256':
    'HS256 uses a shared secret. A server that accepted it could be tricked into using the public key as the secret, and then anyone could forge assertions.',
};
