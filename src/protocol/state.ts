import { base64url } from 'jose';
import type { Artifact } from '../journal/types';

/**
 * The OAuth state parameter (RFC 6749 §10.12): a value the app cannot guess
 * ahead of time, sent in the authorize request and required back unchanged in
 * the callback. A callback with another state was not started by this app
 * (cross-site request forgery) and must be refused.
 */

/** 32 random bytes (256 bits, well over the 128 the BCP asks for), base64url. */
export function generateState(bytes = 32): string {
  if (bytes < 16) throw new RangeError('A state needs at least 16 random bytes (128 bits) to be unguessable.');
  return base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));
}

export interface StateComparison {
  equal: boolean;
  /** Why they differ (or that they match), for the learner. */
  reason: string;
}

export function compareState(sent: string | undefined | null, returned: string | undefined | null): StateComparison {
  if (sent === undefined || sent === null || sent === '') {
    return {
      equal: false,
      reason: 'This app has no record of sending a state: the flow was not started here, or its saved state was lost (a different tab or browser?).',
    };
  }
  if (returned === undefined || returned === null) {
    return { equal: false, reason: 'The callback carries no state parameter; the authorization server must return the state it was sent.' };
  }
  if (returned === sent) return { equal: true, reason: "The returned state is identical to the one sent: this callback answers this app's own request." };
  if (returned.trim() === sent) return { equal: false, reason: 'The returned state differs only in surrounding whitespace; it must be returned exactly.' };
  if (safeDecode(returned) === sent) {
    return { equal: false, reason: 'The returned state is the sent state URL-encoded twice: the server (or a proxy) encoded it once too often.' };
  }
  return {
    equal: false,
    reason:
      "The returned state differs from the one sent: this callback may not belong to this app's request (cross-site request forgery) or comes from an older attempt.",
  };
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The state sent beside the state returned, compared, as the callback steps show it. */
export function stateComparison(sent: string | undefined, returned: string | null): { comparison: StateComparison; artifact: Artifact } {
  const comparison = compareState(sent, returned);
  return {
    comparison,
    artifact: {
      kind: 'compare',
      label: 'state',
      sentLabel: 'sent',
      sent: sent ?? '',
      returnedLabel: 'returned',
      returned: returned ?? '(none)',
      equal: comparison.equal,
      note: comparison.reason,
    },
  };
}
