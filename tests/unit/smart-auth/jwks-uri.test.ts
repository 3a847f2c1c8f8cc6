import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticateClientAssertion } from '../../../mocks/smart-auth/backend/client-assertion';
import { fetchJwksDocument, JWKS_FETCH_LIMITS } from '../../../mocks/smart-auth/backend/jwks-fetch';
import { assertion, endpoints, form, makeKey, registerByUrl, testEnv, type TestKey } from '../backend-services/server-helpers';

/**
 * A client's own key server on the loopback interface, as a backend client would
 * run one: it counts what it is asked, and can misbehave on purpose.
 */
let key: TestKey;
let server: Server;
let origin: string;
const hits = new Map<string, number>();
const hitsOf = (path: string) => hits.get(path) ?? 0;

beforeAll(async () => {
  key = await makeKey('ES384');
  const jwks = JSON.stringify({ keys: [key.publicJwk] });
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, hitsOf(path) + 1);
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    };
    switch (path) {
      case '/jwks.json':
      case '/other.json':
        // Slow enough that two assertions checked together overlap.
        setTimeout(() => send(200, jwks), 150);
        return;
      case '/short-cache.json':
        return send(200, jwks, { 'cache-control': 'max-age=5' });
      case '/redirect':
        return send(302, '', { location: `${origin}/other.json` });
      case '/big.json':
        // A valid JWKS, made larger than 64 KB by a member nobody reads.
        return send(200, JSON.stringify({ keys: [key.publicJwk], padding: 'x'.repeat(70 * 1024) }));
      case '/error':
        return send(500, '{"error":"boom"}');
      case '/not-a-jwks.json':
        // A local service that answers JSON, but no key set.
        return send(200, '{"status":"ok"}');
      case '/never-ends.json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"keys": [');
        return; // the body never finishes
      default:
        return send(404, '{}');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
});

afterEach(() => {
  hits.clear();
  vi.restoreAllMocks();
});

async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((ok) => probe.close(() => ok()));
  return `http://127.0.0.1:${port}/jwks.json`;
}

/** Register a client at the URI and check one assertion of it. */
async function checkAt(uri: string) {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const t = testEnv();
  const clientId = await registerByUrl(t.env, uri);
  const a = await assertion(key, clientId, t.nowSeconds());
  return authenticateClientAssertion(t.env, endpoints, form(a));
}

function refusalOf(check: Awaited<ReturnType<typeof authenticateClientAssertion>>): string {
  if (check.ok) throw new Error('expected a refusal, the assertion was accepted');
  return check.description;
}

describe('fetching a registered jwks_uri', () => {
  it('accepts an assertion signed with a key published at the jwks_uri', async () => {
    expect((await checkAt(`${origin}/jwks.json`)).ok).toBe(true);
  });

  it('does not follow a redirect: the registered URL is the only one trusted', async () => {
    const check = await checkAt(`${origin}/redirect`);
    expect(refusalOf(check)).toContain(`the registered jwks_uri ${origin}/redirect could not be fetched`);
    expect(hitsOf('/other.json')).toBe(0);
  });

  it('refuses a JWKS larger than 64 KB', async () => {
    const check = await checkAt(`${origin}/big.json`);
    expect(refusalOf(check)).toContain('could not be fetched');
  });

  it('says the same for a closed port and for an HTTP 500, so it cannot be used to map local ports', async () => {
    const closed = await closedPortUrl();
    const error = `${origin}/error`;
    const closedText = refusalOf(await checkAt(closed)).replace(closed, '<uri>');
    const errorText = refusalOf(await checkAt(error)).replace(error, '<uri>');
    expect(closedText).toBe(errorText);
    expect(closedText).toContain('the registered jwks_uri <uri> could not be fetched');
  });

  it('says the same for JSON that is not a JWKS, so it cannot tell a JSON service from a closed port', async () => {
    const closed = await closedPortUrl();
    const other = `${origin}/not-a-jwks.json`;
    const closedText = refusalOf(await checkAt(closed)).replace(closed, '<uri>');
    expect(refusalOf(await checkAt(other)).replace(other, '<uri>')).toBe(closedText);
  });

  it('makes one fetch for two assertions checked at the same moment, and keeps the keys a short while', async () => {
    const t = testEnv();
    const uri = `${origin}/jwks.json`;
    const clientId = await registerByUrl(t.env, uri);
    const check = async () => authenticateClientAssertion(t.env, endpoints, form(await assertion(key, clientId, t.nowSeconds())));
    const both = await Promise.all([check(), check()]);
    expect(both.map((c) => c.ok)).toEqual([true, true]);
    expect(hitsOf('/jwks.json')).toBe(1);

    t.advance(30);
    expect((await check()).ok).toBe(true);
    expect(hitsOf('/jwks.json')).toBe(1);
    t.advance(31);
    expect((await check()).ok).toBe(true);
    expect(hitsOf('/jwks.json')).toBe(2);
  });

  it('keeps a JWKS no longer than its own max-age says', async () => {
    const t = testEnv();
    const clientId = await registerByUrl(t.env, `${origin}/short-cache.json`);
    const check = async () => authenticateClientAssertion(t.env, endpoints, form(await assertion(key, clientId, t.nowSeconds())));
    expect((await check()).ok).toBe(true);
    t.advance(6);
    expect((await check()).ok).toBe(true);
    expect(hitsOf('/short-cache.json')).toBe(2);
  });

  it('fetches nothing for an assertion that is refused on its own: unregistered issuer, expired, wrong audience', async () => {
    const t = testEnv();
    const clientId = await registerByUrl(t.env, `${origin}/jwks.json`);
    const now = t.nowSeconds();
    for (const claims of [{ iss: 'nobody', sub: 'nobody' }, { exp: now - 10 }, { aud: 'https://elsewhere.example/token' }, { jti: undefined }]) {
      const check = await authenticateClientAssertion(t.env, endpoints, form(await assertion(key, clientId, now, claims)));
      expect(check.ok).toBe(false);
    }
    expect(hitsOf('/jwks.json')).toBe(0);
  });

  it('gives up on a body that never ends, within the time limit', async () => {
    const started = Date.now();
    const result = await fetchJwksDocument(`${origin}/never-ends.json`, { ...JWKS_FETCH_LIMITS, timeoutMs: 300 });
    expect(result.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
