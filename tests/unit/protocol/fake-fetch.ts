/** Fetch stand-ins for protocol tests: a handler that answers, or a network that fails. */
export function fakeFetch(handler: (req: Request) => Response | Promise<Response>): typeof fetch & { calls: Request[] } {
  const calls: Request[] = [];
  const fn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    calls.push(req);
    return handler(req);
  };
  return Object.assign<typeof fetch, { calls: Request[] }>(fn, { calls });
}

/** Rejects the way a browser does for an unreachable host and for a CORS refusal alike. */
export const failingFetch = (async () => {
  throw new TypeError('Failed to fetch');
}) as typeof fetch;

/** A no-cors probe that the server answers (opaque response). */
export const answeringProbe = (async () => new Response(null, { status: 200 })) as typeof fetch;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}
