import { base64url } from 'jose';
import { StepFailure } from './step-failure';
import { SPEC } from './specs';

/**
 * RFC 7636 (PKCE). The app keeps a random verifier and sends only its SHA-256
 * challenge in the authorize request; the token request must then prove
 * possession of the verifier, so a code stolen from the redirect is useless.
 */

/** RFC 7636 §4.1: code-verifier = 43*128unreserved, unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~". */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** 32 random bytes, base64url: 43 characters, 256 bits of entropy (what RFC 7636 §4.1 recommends). */
export function generateCodeVerifier(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
}

/** Says what is wrong with a verifier, or undefined when it matches the grammar. */
export function checkCodeVerifier(verifier: string): string | undefined {
  if (VERIFIER.test(verifier)) return undefined;
  if (verifier.length < 43) return `it is ${verifier.length} characters long; the minimum is 43`;
  if (verifier.length > 128) return `it is ${verifier.length} characters long; the maximum is 128`;
  const bad = [...new Set(verifier.replace(/[A-Za-z0-9\-._~]/g, ''))].map((c) => JSON.stringify(c)).join(', ');
  return `it contains characters outside A-Z a-z 0-9 - . _ ~: ${bad}`;
}

/** Throws a StepFailure when the verifier does not match the RFC 7636 §4.1 grammar. */
function assertCodeVerifier(verifier: string): void {
  const problem = checkCodeVerifier(verifier);
  if (problem) {
    throw new StepFailure({
      code: 'invalid_code_verifier',
      message: `The PKCE code_verifier is not valid: ${problem}.`,
      hint: 'A code_verifier is 43 to 128 characters of letters, digits and - . _ ~. Generate it from 32 random bytes encoded as base64url.',
      spec: SPEC.pkceVerifier,
    });
  }
}

/** RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))). */
export async function calculateS256Challenge(verifier: string): Promise<string> {
  assertCodeVerifier(verifier);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url.encode(new Uint8Array(digest));
}
