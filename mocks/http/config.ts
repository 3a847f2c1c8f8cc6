import { networkInterfaces } from 'node:os';

/**
 * Where `npm run mock-server` listens and the origin it publishes. Both come
 * from configuration, never from a request: HOST (the bind address,
 * 127.0.0.1 by default), PORT (4010) and PUBLIC_ORIGIN, the origin a room of
 * attendees types (e.g. http://192.168.1.20:4010).
 */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4010;

export type OriginResult = { ok: true; origin: string; note?: string } | { ok: false; message: string };

const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

/** Parse PUBLIC_ORIGIN: an http(s) origin with nothing after it. */
export function parsePublicOrigin(value: string): OriginResult {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: `PUBLIC_ORIGIN "${value}" is not a URL. Give the origin attendees type, e.g. PUBLIC_ORIGIN=http://192.168.1.20:4010` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `PUBLIC_ORIGIN "${value}" must be http: or https:, e.g. http://192.168.1.20:4010` };
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    return { ok: false, message: `PUBLIC_ORIGIN "${value}" must be an origin only (scheme, host, port), without a path: ${url.origin}` };
  }
  return { ok: true, origin: url.origin };
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** The first non-internal IPv4 address of this machine, if any. */
function firstLanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

/**
 * The published origin for a bind address and port: PUBLIC_ORIGIN when given;
 * `http://{HOST}:{PORT}` otherwise, where a wildcard bind (0.0.0.0, ::) stands
 * for the first LAN address, since "0.0.0.0" is no address a browser can use.
 */
export function resolvePublicOrigin(host: string, port: number, configured: string | undefined, lan: () => string | undefined = firstLanAddress): OriginResult {
  if (configured) return parsePublicOrigin(configured);
  if (!WILDCARD.has(host)) return { ok: true, origin: new URL(`http://${hostForUrl(host)}:${port}`).origin };
  const address = lan();
  if (!address) {
    return {
      ok: false,
      message: `HOST=${host} listens on every interface, but this machine has no LAN address to publish. Set PUBLIC_ORIGIN to the origin attendees type, e.g. PUBLIC_ORIGIN=http://192.168.1.20:${port}`,
    };
  }
  return {
    ok: true,
    origin: `http://${address}:${port}`,
    note: `HOST=${host}: publishing ${address}, the first LAN address. Set PUBLIC_ORIGIN if attendees reach this machine by another address.`,
  };
}

/** The other spellings of a loopback origin, which a browser on this machine may use for the same server. */
export function loopbackAliases(origin: string): string[] {
  const url = new URL(origin);
  const names = ['localhost', '127.0.0.1'];
  if (!names.includes(url.hostname)) return [];
  return names.filter((n) => n !== url.hostname).map((n) => `${url.protocol}//${n}${url.port ? `:${url.port}` : ''}`);
}
