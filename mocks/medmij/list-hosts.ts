import { MEDMIJ_PREFIX } from '../paths';

/**
 * The names MedMij's lists use for the playground's servers, and where the
 * playground really serves them.
 *
 * MedMij's schemas want every endpoint on the ZAL to be an `https://` URL on a
 * dotted host name (front-channel URIs without a port), and every OCL Hostname
 * a dotted host name: `http://localhost:5173/...` and `localhost` are refused.
 * So the mock publishes names under `medmij.example` (`.example` is reserved
 * for examples, RFC 2606: nothing real lives there) and the playground maps
 * each name to its local endpoint on the origin that serves the lists:
 *
 *   https://umcharderwijk.zorgaanbieders.medmij.example/oauth/authorize
 *     = {origin}/mock/medmij/umcharderwijk/oauth/authorize
 *   https://umcharderwijk.zorgaanbieders.medmij.example/s/{scenario}/fhir
 *     = {origin}/mock/medmij/s/{scenario}/umcharderwijk/fhir
 *   localhost.pgo.medmij.example (OCL Hostname) = localhost
 *
 * A list from a real MedMij environment names real hosts: none of this applies
 * to it. Pure functions only: the client imports this module too.
 */
const LIST_DOMAIN = 'medmij.example';
const ZORGAANBIEDER_LIST_DOMAIN = `zorgaanbieders.${LIST_DOMAIN}`;
const PGO_LIST_DOMAIN = `pgo.${LIST_DOMAIN}`;

const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** The origin whose MedMij mock serves lists at `listsBase`, or undefined when the lists come from elsewhere (a real MedMij environment). */
export function mockServingOrigin(listsBase: string): string | undefined {
  let url: URL;
  try {
    url = new URL(listsBase);
  } catch {
    return undefined;
  }
  const path = url.pathname.replace(/\/+$/, '');
  return path === MEDMIJ_PREFIX || path.startsWith(`${MEDMIJ_PREFIX}/s/`) ? url.origin : undefined;
}

/**
 * The list URL of one of the mock's endpoints on `origin`:
 * `{origin}/mock/medmij[/s/{scenario}]/{slug}/{rest}` becomes
 * `https://{slug}.zorgaanbieders.medmij.example[/s/{scenario}]/{rest}`.
 * Undefined for a URL that is not a zorgaanbieder endpoint of that origin.
 */
export function listUrlForLocal(localUrl: string, origin: string): string | undefined {
  const base = `${origin}${MEDMIJ_PREFIX}/`;
  if (!localUrl.startsWith(base)) return undefined;
  const m = /^(?:s\/([^/?#]+)\/)?([^/?#]+)(\/[^?#]*)?$/.exec(localUrl.slice(base.length));
  if (!m || !SLUG.test(m[2]) || m[2] === 'lists') return undefined;
  const [, scenario, slug, rest = ''] = m;
  return `https://${slug}.${ZORGAANBIEDER_LIST_DOMAIN}${scenario ? `/s/${scenario}` : ''}${rest}`;
}

/** Where the playground serves a list URL under `medmij.example` on `origin`; undefined for any other URL. */
export function localUrlForList(listUrl: string, origin: string): string | undefined {
  const suffix = `.${ZORGAANBIEDER_LIST_DOMAIN}`;
  const m = /^https:\/\/([^/?#:]+)(\/[^?#]*)?$/.exec(listUrl);
  if (!m || !m[1].endsWith(suffix)) return undefined;
  const slug = m[1].slice(0, -suffix.length);
  if (!SLUG.test(slug)) return undefined;
  const path = m[2] ?? '';
  const s = /^\/s\/([^/]+)(\/.*)?$/.exec(path);
  const local = s ? `${MEDMIJ_PREFIX}/s/${s[1]}/${slug}${s[2] ?? ''}` : `${MEDMIJ_PREFIX}/${slug}${path}`;
  return `${origin}${local}`;
}

/** The OCL Hostname for a host the playground runs on: `localhost` becomes `localhost.pgo.medmij.example`. */
export function listHostnameForLocal(hostname: string): string {
  return `${hostname.toLowerCase()}.${PGO_LIST_DOMAIN}`;
}

/** The host an OCL Hostname under `pgo.medmij.example` stands for; undefined for any other name. */
export function localHostnameForList(listHostname: string): string | undefined {
  const suffix = `.${PGO_LIST_DOMAIN}`;
  return listHostname.endsWith(suffix) && listHostname.length > suffix.length ? listHostname.slice(0, -suffix.length) : undefined;
}
