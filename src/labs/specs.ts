import type { SpecLink } from '../journal/types';

/** RFC 9700 (OAuth 2.0 Security Best Current Practice) sections the labs point to. */
const BCP = 'https://www.rfc-editor.org/rfc/rfc9700';
const section = (n: string, title: string): SpecLink => ({ label: `RFC 9700 §${n} ${title}`, url: `${BCP}#section-${n}` });

export const BCP_SECTIONS = {
  csrf: section('4.7', 'Cross-Site Request Forgery'),
  codeInjection: section('4.5', 'Authorization Code Injection'),
  pkce: section('2.1.1', 'Authorization Code Grant (PKCE)'),
  codeLeakage: section('4.2', 'Credential Leakage via Referer Headers'),
  redirectUri: section('4.1', 'Insufficient Redirect URI Validation'),
  mixUp: section('4.4', 'Mix-Up Attacks'),
} as const satisfies Record<string, SpecLink>;

export const RFC = {
  singleUseCode: { label: 'RFC 6749 §4.1.2 (a code used twice: revoke what it issued)', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2' },
  pkceVerify: { label: 'RFC 7636 §4.6 Server verifies code_verifier', url: 'https://www.rfc-editor.org/rfc/rfc7636#section-4.6' },
  redirectExact: { label: 'RFC 9700 §2.1 exact string matching of redirect URIs', url: `${BCP}#section-2.1` },
  iss: { label: 'RFC 9207 §2.4 Validating the issuer', url: 'https://www.rfc-editor.org/rfc/rfc9207#section-2.4' },
  csrf6749: { label: 'RFC 6749 §10.12 Cross-site request forgery', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-10.12' },
} as const satisfies Record<string, SpecLink>;
