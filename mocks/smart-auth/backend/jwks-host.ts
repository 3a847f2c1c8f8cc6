import type { Store } from '../../core/store';
import { SMART_PREFIX } from '../../paths';
import type { PublicJwks } from './jwks';

/**
 * A place to publish a JWKS at a URL, so a browser user (who has no web server)
 * can still register a backend client "by URL" (`jwks_uri`).
 */
export const JWKS_HOST_PATH = `${SMART_PREFIX}/jwks-host`;
const hostedKey = (id: string) => `smart:jwks-host:${id}`;
const FILE = /^([A-Za-z0-9-]+)\.json$/;

export function hostedJwksUrl(origin: string, id: string): string {
  return `${origin}${JWKS_HOST_PATH}/${id}.json`;
}

/** The id of a URL on this mock's own JWKS host (same origin), or undefined for any other URL. */
export function ownHostedId(url: URL, ownOrigin: string): string | undefined {
  if (url.origin !== ownOrigin) return undefined;
  if (!url.pathname.startsWith(`${JWKS_HOST_PATH}/`)) return undefined;
  return idFromFile(url.pathname.slice(JWKS_HOST_PATH.length + 1));
}

export function idFromFile(file: string): string | undefined {
  return FILE.exec(file)?.[1];
}

/** As long as a registration lasts: a hosted JWKS serves the client registered with it. */
const HOSTED_JWKS_LIFETIME_SECONDS = 24 * 3600;

export async function saveHostedJwks(store: Store, id: string, jwks: PublicJwks): Promise<void> {
  await store.set(hostedKey(id), jwks, HOSTED_JWKS_LIFETIME_SECONDS);
}

export async function findHostedJwks(store: Store, id: string): Promise<PublicJwks | undefined> {
  return store.get<PublicJwks>(hostedKey(id));
}
