/**
 * The defences a teacher may switch off for an attack lab, one scenario field
 * (`weaken`) at a time. Every defence is on unless the scenario names it here:
 * the weakening is a parameter of the one server, never a second server. The
 * server says in its discovery documents what is switched off, so nothing is
 * hidden from the learner.
 */
export const WEAKENINGS = ['pkce-optional', 'redirect-uri-prefix', 'code-reuse', 'no-iss-parameter', 'state-not-required'] as const;
export type Weakening = (typeof WEAKENINGS)[number];

interface WeakeningInfo {
  /** The defence the switch turns off. */
  turnsOff: string;
  /** The attack that gets through with it off. */
  attack: string;
  /** Where the defence is specified. */
  spec: { label: string; url: string };
}

const BCP = 'https://www.rfc-editor.org/rfc/rfc9700';

/**
 * What each switch lets through, for a set-up panel to explain the attack lab (not shown yet).
 * @public
 */
export const WEAKENING_INFO: Record<Weakening, WeakeningInfo> = {
  'pkce-optional': {
    turnsOff: 'PKCE is no longer required: an authorization request without code_challenge is accepted, and its code is redeemed without code_verifier.',
    attack: 'Authorization code interception: whoever reads the code (a malicious app on the same redirect URI, a log, a Referer) redeems it.',
    spec: { label: 'RFC 9700 §2.1.1, §4.5; RFC 7636 §1, §4.6', url: `${BCP}#section-2.1.1` },
  },
  'redirect-uri-prefix': {
    turnsOff: 'redirect_uri is matched by prefix against the registered URIs instead of by exact string comparison.',
    attack:
      'Code theft by redirect: {registered}/../elsewhere, {registered}evil or, for an origin-only registration, {origin}.evil.example send the code to a page the attacker reads.',
    spec: { label: 'RFC 9700 §4.1.3, §2.1', url: `${BCP}#section-4.1.3` },
  },
  'code-reuse': {
    turnsOff: 'Codes are no longer single use: a code is redeemed again (while it lives), and a replay no longer revokes what the first redemption issued.',
    attack: 'Code replay: a code that leaked after the app redeemed it still buys tokens.',
    spec: { label: 'RFC 6749 §4.1.2, §10.5; RFC 9700 §4.2.4', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-10.5' },
  },
  'no-iss-parameter': {
    turnsOff: 'The authorization response no longer names its issuer (iss), and discovery no longer promises it.',
    attack: 'Mix-up: an app that talks to several authorization servers cannot tell which one answered, and sends the code to the wrong one.',
    spec: { label: 'RFC 9207; RFC 9700 §4.4', url: `${BCP}#section-4.4` },
  },
  'state-not-required': {
    turnsOff: 'The state parameter is no longer required: a request without it is accepted, and its answer carries none.',
    attack: "CSRF on the redirect URI: an attacker plants their own code in the victim's browser (the app has nothing to tie the answer to its request).",
    spec: { label: 'RFC 9700 §4.7; RFC 6749 §10.12', url: `${BCP}#section-4.7` },
  },
};

function isWeakening(value: unknown): value is Weakening {
  return typeof value === 'string' && (WEAKENINGS as readonly string[]).includes(value);
}

/** Why a scenario's `weaken` value cannot be read, or undefined when it can. */
export function weakenProblem(value: unknown): string | undefined {
  const hint = `Leave it out to keep every defence on; switch names: ${WEAKENINGS.join(', ')}.`;
  if (!Array.isArray(value)) {
    return `scenario.weaken must be an array of switch names, for example ["pkce-optional"], got ${JSON.stringify(value)}. ${hint}`;
  }
  const unknown = value.filter((v) => !isWeakening(v));
  if (unknown.length > 0) {
    return `scenario.weaken names ${unknown.map((v) => JSON.stringify(v)).join(', ')}, not a defence this server can switch off. ${hint}`;
  }
  return undefined;
}
