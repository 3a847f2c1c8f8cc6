import type { Evidence, RecordedRequest } from './types';

/**
 * Evidence is shown to whoever holds the registration access token, and may
 * land in a CI log: secrets and one-time values are masked, their length kept
 * (the length is often what a check is about).
 */
const SECRET_PARAMS = new Set(['code', 'code_verifier', 'client_secret', 'refresh_token', 'access_token', 'token', 'id_token']);

function maskValue(value: string): string {
  return value.length <= 8 ? `…(${value.length} chars)` : `${value.slice(0, 4)}…(${value.length} chars)`;
}

/**
 * Mask the secret members of a query or form string, keeping the rest as it was sent.
 * The mask itself is left unencoded ("abcd…(43 chars)"), so it reads as a mask, not as a value.
 */
function maskParams(encoded: string): string {
  if (encoded === '') return encoded;
  return encoded
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = decodeForm(pair.slice(0, eq));
      const value = decodeForm(pair.slice(eq + 1));
      if (SECRET_PARAMS.has(name)) return `${pair.slice(0, eq)}=${maskValue(value)}`;
      if (name === 'client_assertion') return `${pair.slice(0, eq)}=${maskAssertion(value)}`;
      return pair;
    })
    .join('&');
}

function decodeForm(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** A client assertion's header and claims are no secret (and are what the checks read); its signature is cut. */
function maskAssertion(jwt: string): string {
  const parts = jwt.split('.');
  return parts.length === 3 ? `${parts[0]}.${parts[1]}.…(signature, ${parts[2].length} chars)` : maskValue(jwt);
}

export function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (![...url.searchParams.keys()].some((k) => SECRET_PARAMS.has(k))) return raw;
    return `${url.origin}${url.pathname}?${maskParams(url.search.slice(1))}${url.hash}`;
  } catch {
    return raw;
  }
}

function maskHeader(name: string, value: string): string {
  if (name !== 'authorization') return value;
  const [scheme, ...rest] = value.split(' ');
  const credentials = rest.join(' ').trim();
  return credentials ? `${scheme} ${maskValue(credentials)}` : value;
}

function maskBody(request: RecordedRequest): string | undefined {
  if (request.body === undefined) return undefined;
  const type = request.headers.find(([n]) => n === 'content-type')?.[1]?.toLowerCase() ?? '';
  if (type.startsWith('application/json')) return request.body;
  return maskParams(request.body);
}

export function evidenceOf(request: RecordedRequest, detail?: string): Evidence {
  return {
    request: request.id,
    method: request.method,
    url: maskUrl(request.url),
    headers: request.headers.map(([n, v]) => [n, maskHeader(n, v)]),
    ...(request.body !== undefined ? { body: maskBody(request) } : {}),
    status: request.response.status,
    ...(detail ? { detail } : {}),
  };
}

/** A recorded request as the inspector endpoint shows it: masked, with its answer. */
export function publicRequest(request: RecordedRequest) {
  return {
    id: request.id,
    ...evidenceOf(request),
    kind: request.kind,
    at: new Date(request.at).toISOString(),
    response: { ...request.response, ...(request.response.location ? { location: maskUrl(request.response.location) } : {}) },
  };
}
