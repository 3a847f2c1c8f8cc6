import type { Artifact, StepError } from '../journal/types';

/**
 * RFC 9207: the authorization server names itself (`iss`) in its
 * authorization response, and the app compares it with the issuer it sent the
 * user to. An app that talks to more than one server can then tell which one
 * answered, and never sends a code to the wrong token endpoint (mix-up, RFC
 * 9700 §4.4).
 */
export type IssuerCheck =
  | { kind: 'matches'; artifact: Artifact }
  | { kind: 'not-sent' } // the server does not send iss and never promised to: nothing to compare
  | { kind: 'refused'; artifact?: Artifact; error: StepError };

const RFC9207 = { label: 'RFC 9207 §2.4 Validating the issuer', url: 'https://www.rfc-editor.org/rfc/rfc9207#section-2.4' };

/**
 * The check, as the SMART callback step and the mix-up lab make it.
 * `promised`: discovery said `authorization_response_iss_parameter_supported: true`.
 */
export function checkResponseIssuer(expected: string, returned: string | null, promised: boolean): IssuerCheck {
  if (returned === null) {
    if (!promised) return { kind: 'not-sent' };
    return {
      kind: 'refused',
      error: {
        code: 'issuer_missing',
        message: 'The callback carries no iss, though the server promised one in its discovery document (authorization_response_iss_parameter_supported).',
        cause: `Expected iss=${JSON.stringify(expected)}.`,
        hint: 'A server that promised iss always sends it (RFC 9207 §2.4): an answer without it may not come from that server (a mix-up attack). Do not use it; start over.',
        spec: RFC9207,
      },
    };
  }
  const equal = returned === expected;
  const artifact: Artifact = {
    kind: 'compare',
    label: 'iss (RFC 9207)',
    sentLabel: 'expected issuer',
    sent: expected,
    returnedLabel: 'returned iss',
    returned,
    equal,
  };
  if (equal) return { kind: 'matches', artifact };
  return {
    kind: 'refused',
    artifact,
    error: {
      code: 'issuer_mismatch',
      message: 'The callback names another authorization server as its issuer than the one this app sent the user to.',
      cause: `iss=${JSON.stringify(returned)}, expected ${JSON.stringify(expected)}.`,
      hint: 'Do not use this answer: it may come from a mix-up attack, where a second server slips its response into this flow. Start over.',
      spec: RFC9207,
    },
  };
}
