import type { Evidence, RecordedRequest } from './types';

/**
 * Evidence is shown to whoever holds the registration access token, and may
 * land in a CI log: secrets and one-time values are masked, their length kept
 * (the length is often what a check is about).
 */
const SECRET_PARAMS = new Set(['code', 'code_verifier', 'client_secret', 'refresh_token', 'access_token', 'token', 'id_token']);

export function maskValue(value: string): string {
  return value.length <= 8 ? `…(${value.length} chars)` : `${value.slice(0, 4)}…(${value.length} chars)`;
}

function maskParams(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of params) {
    if (SECRET_PARAMS.has(k)) out.append(k, maskValue(v));
    else if (k === 'client_assertion') out.append(k, maskAssertion(v));
    else out.append(k, v);
  }
  return out;
}

/** A client assertion's header and claims are no secret (and are what the checks read); its signature is cut. */
function maskAssertion(jwt: string): string {
  const parts = jwt.split('.');
  return parts.length === 3 ? `${parts[0]}.${parts[1]}.…(signature, ${parts[2]!.length} chars)` : maskValue(jwt);
}

export function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (![...url.searchParams.keys()].some((k) => SECRET_PARAMS.has(k))) return raw;
    url.search = maskParams(url.searchParams).toString();
    return url.href;
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
  return maskParams(new URLSearchParams(request.body)).toString();
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
