import type { MockEnv } from '../../core/server';
import type { Clock, Store } from '../../core/store';

/**
 * Fetching a client's registered jwks_uri, as a careful server does: the
 * registered URL only (no redirects: a 3xx could lead past the https/loopback
 * rule checked at registration), a size cap counted while reading, one time
 * limit for the whole exchange, one fetch in flight per URL, and a short cache.
 */
export interface JwksFetchLimits {
  maxBytes: number;
  /** For the whole exchange: connecting, the headers and the body. */
  timeoutMs: number;
  /** The longest a fetched JWKS is kept; a shorter max-age (or no-store) is respected. */
  cacheSeconds: number;
  /** How many URLs the cache remembers at most. */
  maxCachedUris: number;
}

export const JWKS_FETCH_LIMITS: JwksFetchLimits = { maxBytes: 64 * 1024, timeoutMs: 5000, cacheSeconds: 60, maxCachedUris: 500 };

/** The JSON at a jwks_uri, or (for the server's log only) what went wrong. */
export type JwksDocument = { ok: true; value: unknown; cacheSeconds: number } | { ok: false; detail: string };

const failed = (detail: string): JwksDocument => ({ ok: false, detail });

export async function fetchJwksDocument(uri: string, limits: JwksFetchLimits = JWKS_FETCH_LIMITS): Promise<JwksDocument> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let response: Response;
  try {
    response = await fetch(uri, {
      redirect: 'manual',
      credentials: 'omit',
      headers: { accept: 'application/jwk-set+json, application/json' },
      signal,
    });
  } catch (e) {
    return failed(signal.aborted ? `no answer within ${limits.timeoutMs} ms` : `the request failed: ${describe(e)}`);
  }
  // A browser shows a manual redirect as an opaque response with status 0.
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    await response.body?.cancel();
    return failed(`it answered a redirect (HTTP ${response.status}${locationOf(response)}); redirects are not followed`);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    return failed(`it answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limits.maxBytes) {
    await response.body?.cancel();
    return failed(`its Content-Length ${declared} is over the ${limits.maxBytes}-byte limit`);
  }
  const body = await readCapped(response, limits.maxBytes, signal);
  if (!body.ok) return failed(body.detail);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.bytes));
  } catch {
    return failed('its body is not JSON in UTF-8');
  }
  return { ok: true, value, cacheSeconds: cacheSecondsOf(response.headers.get('cache-control'), limits.cacheSeconds) };
}

type Read = { ok: true; bytes: Uint8Array } | { ok: false; detail: string };

/** Read the body, counting as it comes: stop at the cap without holding more than it. */
async function readCapped(response: Response, maxBytes: number, signal: AbortSignal): Promise<Read> {
  if (!response.body) return { ok: true, bytes: new Uint8Array() };
  const reader = response.body.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  signal.addEventListener('abort', stop, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) return { ok: false, detail: 'the body did not arrive within the time limit' };
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        stop();
        return { ok: false, detail: `its body is over the ${maxBytes}-byte limit` };
      }
      chunks.push(value);
    }
  } catch (e) {
    return { ok: false, detail: signal.aborted ? 'the body did not arrive within the time limit' : `reading the body failed: ${describe(e)}` };
  } finally {
    signal.removeEventListener('abort', stop);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/** Never longer than our own limit; shorter when the publisher says so. */
function cacheSecondsOf(header: string | null, limit: number): number {
  const directives = (header ?? '')
    .toLowerCase()
    .split(',')
    .map((d) => d.trim());
  if (directives.includes('no-store') || directives.includes('no-cache')) return 0;
  const maxAge = directives.map((d) => /^max-age=(\d+)$/.exec(d)?.[1]).find((v) => v !== undefined);
  return maxAge === undefined ? limit : Math.min(limit, Number(maxAge));
}

function locationOf(response: Response): string {
  const location = response.headers.get('location');
  return location ? ` to ${location}` : '';
}

function describe(e: unknown): string {
  const error = e as { message?: string; cause?: { code?: string; message?: string } };
  return [error.message, error.cause?.code ?? error.cause?.message].filter(Boolean).join(': ') || String(e);
}

/** One fetch in flight per URL (concurrent assertions share it), and a short cache of what came back. */
export class JwksCache {
  private readonly inFlight = new Map<string, Promise<JwksDocument>>();
  private readonly cached = new Map<string, { value: unknown; until: number }>();

  constructor(
    private readonly now: Clock,
    private readonly limits: JwksFetchLimits = JWKS_FETCH_LIMITS,
  ) {}

  get(uri: string): Promise<JwksDocument> {
    const hit = this.cached.get(uri);
    if (hit && hit.until > this.now()) return Promise.resolve({ ok: true, value: hit.value, cacheSeconds: (hit.until - this.now()) / 1000 });
    this.cached.delete(uri);
    const pending = this.inFlight.get(uri);
    if (pending) return pending;
    const fetching = fetchJwksDocument(uri, this.limits)
      .then((document) => {
        if (document.ok && document.cacheSeconds > 0) this.remember(uri, document.value, document.cacheSeconds);
        return document;
      })
      .finally(() => this.inFlight.delete(uri));
    this.inFlight.set(uri, fetching);
    return fetching;
  }

  private remember(uri: string, value: unknown, seconds: number): void {
    const now = this.now();
    for (const [k, entry] of this.cached) if (entry.until <= now) this.cached.delete(k);
    // Registration is open, so the number of URLs is not ours to choose: the oldest go first.
    while (this.cached.size >= this.limits.maxCachedUris) this.cached.delete(this.cached.keys().next().value as string);
    this.cached.set(uri, { value, until: now + seconds * 1000 });
  }
}

// One cache per server (per store, as the signing key is): tests and servers do not share fetched keys.
const caches = new WeakMap<Store, JwksCache>();

export function jwksCacheFor(env: MockEnv): JwksCache {
  let cache = caches.get(env.store);
  if (!cache) {
    cache = new JwksCache(env.now);
    caches.set(env.store, cache);
  }
  return cache;
}
