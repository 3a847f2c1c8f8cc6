import type { MockEnv } from '../core/server';

/**
 * Revocation by grant: one record per grant lists what it issued (its code,
 * access tokens and refresh tokens) and says whether it was revoked. A replayed
 * code revokes its grant by reading this one record, so the cost does not grow
 * with the number of tokens in the store.
 *
 * Both sides of a race meet here, in one atomic update each:
 * - the token endpoint saves a token, then records it; if the grant was revoked
 *   in between it withdraws the token and hands out nothing;
 * - a replay marks the grant revoked and takes the list; it deletes what is
 *   listed, and anything recorded later is refused by the mark.
 */
type IssuedKind = 'code' | 'access' | 'refresh';

export interface Issued {
  kind: IssuedKind;
  /** The code or token itself (the store key is derived from it). */
  id: string;
  /** epoch ms: when its record leaves the store. */
  until: number;
}

interface GrantIndex {
  revoked: boolean;
  issued: Issued[];
  /** epoch ms: when the index leaves the store (after the last record it lists). */
  until: number;
}

const indexKey = (grantId: string) => `smart:grant:${grantId}`;
/** A revoked mark outlives the requests that were in flight when it was set. */
const REVOKED_MARK_SECONDS = 3600;

const secondsUntil = (until: number, now: number) => Math.max(1, Math.ceil((until - now) / 1000));

/**
 * Record what a grant issued (and forget what it replaced: a rotated refresh
 * token). False when the grant was revoked first: the caller must then withdraw
 * what it saved and hand out nothing.
 */
export async function recordIssued(env: MockEnv, grantId: string, issued: Issued[], replaced: string[] = []): Promise<boolean> {
  const now = env.now();
  const { after } = await env.store.update<GrantIndex>(indexKey(grantId), (current) => {
    if (current?.revoked) return undefined;
    const kept = (current?.issued ?? []).filter((i) => i.until > now && !replaced.includes(i.id));
    const until = Math.max(current?.until ?? now, ...issued.map((i) => i.until));
    return { value: { revoked: false, issued: [...kept, ...issued], until }, ttlSeconds: secondsUntil(until, now) };
  });
  return after !== undefined && !after.revoked;
}

/** Mark the grant revoked; returns what it had issued, for the caller to delete. */
export async function markRevoked(env: MockEnv, grantId: string): Promise<Issued[]> {
  const now = env.now();
  const { before } = await env.store.update<GrantIndex>(indexKey(grantId), (current) => {
    const until = Math.max(current?.until ?? now, now + REVOKED_MARK_SECONDS * 1000);
    return { value: { revoked: true, issued: [], until }, ttlSeconds: secondsUntil(until, now) };
  });
  return before?.issued ?? [];
}
