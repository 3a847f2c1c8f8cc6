/**
 * `npm run mock-server` in a workshop room: many clients, some careless, some
 * hostile. What a request says about itself (its Host) decides nothing; every
 * bad request gets a 4xx in its endpoint's own error shape; bodies are capped.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHttpServer } from '../../mocks/http-server';
import { smartEndpoints } from '../../mocks/smart-auth/endpoints';
import { encodeScenario } from '../../mocks/smart-auth/scenario';
import { runStandaloneFlow } from '../../scripts/standalone-flow';
import { rawRequest } from '../unit/mock-server/raw-http';
import { mockHttpServerForFile } from '../support/mock-http-server';

const server = mockHttpServerForFile();

const skip = encodeScenario({ patient: 'p-anna', skipLogin: true, skipConsent: true });

function authorizePath(redirectUri: string): string {
  const { fhirBase } = smartEndpoints(server.origin, skip);
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: 'playground-public',
    redirect_uri: redirectUri,
    scope: 'launch/patient openid patient/*.rs',
    state: 'abcdefgh12345678',
    aud: fhirBase,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  return `/mock/smart/s/${skip}/auth/authorize?${q}`;
}

describe('a spoofed Host header', () => {
  it('cannot make its own /callback a redirect URI of the built-in clients', async () => {
    const res = await rawRequest(server.origin, { path: authorizePath('http://evil.example/callback'), headers: { host: 'evil.example' } });
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).not.toContain('code=');
  });

  it('does not become the published issuer or endpoints', async () => {
    const res = await rawRequest(server.origin, { path: `/mock/smart/fhir/.well-known/smart-configuration`, headers: { host: 'evil.example' } });
    expect(res.status).toBe(200);
    const config = JSON.parse(res.body) as Record<string, string>;
    expect(config.issuer).toBe(smartEndpoints(server.origin).fhirBase);
    expect(res.body).not.toContain('evil.example');
  });

  it('that is not even a host name ("a b") gets no 5xx', async () => {
    const res = await rawRequest(server.origin, { path: '/mock/smart/fhir/metadata', headers: { host: 'a b' } });
    expect(res.status).toBeLessThan(500);
  });
});

describe("malformed requests are 4xx in the endpoint's own shape", () => {
  it.each([
    ['/mock/smart/s/%ZZ/fhir/Patient', 'fhir'],
    ['/mock/smart/s/%ZZ/auth/token', 'oauth'],
    ['/mock/medmij/%ZZ/oauth/authorize', 'oauth'],
    ['/mock/medmij/%ZZ/fhir/Observation', 'fhir'],
    ['/mock/digid/s/%ZZ/sso', 'oauth'],
  ])('%s (a bad %% escape) is a 400', async (path, shape) => {
    const res = await rawRequest(server.origin, { path, method: path.endsWith('/token') ? 'POST' : 'GET' });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    if (shape === 'fhir') expect(body.resourceType).toBe('OperationOutcome');
    else expect(body.error).toBe('invalid_request');
  });

  it('TRACE is 405 with Allow', async () => {
    const res = await rawRequest(server.origin, { path: '/mock/smart/fhir/metadata', method: 'TRACE' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toMatch(/GET/);
    expect(JSON.parse(res.body).resourceType).toBe('OperationOutcome');
  });

  it('a wrong method on an OAuth endpoint is 405 with Allow and an RFC 6749 error', async () => {
    const res = await rawRequest(server.origin, { path: '/mock/smart/auth/token', method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toContain('POST');
    expect(JSON.parse(res.body).error).toBe('invalid_request');
  });

  it('a 2 MB body is 413, as an OAuth error at the token endpoint and a SOAP fault at ArtifactResolve', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const token = await fetch(`${server.origin}/mock/smart/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `a=${big}`,
    });
    expect(token.status).toBe(413);
    expect((await token.json()).error).toBe('invalid_request');
    const soap = await fetch(`${server.origin}/mock/digid/saml/artifact-resolve`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: big });
    expect(soap.status).toBe(413);
    expect(await soap.text()).toContain('<soapenv:Fault>');
  });

  it('a 2 MB body without a Content-Length (chunked) is 413 too, without buffering it all', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(120);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${server.origin}/mock/smart/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('after all that, the server still completes a standalone flow', async () => {
    await runStandaloneFlow(server.origin);
  });
});

describe('the MedMij back channel', () => {
  let trap: Server;
  let trapOrigin: string;
  let trapHits = 0;
  beforeAll(async () => {
    trap = createServer((_req, res) => {
      trapHits++;
      res.writeHead(200, { 'content-type': 'text/xml' }).end('<nothing/>');
    });
    await new Promise<void>((ok) => trap.listen(0, '127.0.0.1', ok));
    trapOrigin = `127.0.0.1:${(trap.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((ok) => trap.close(ok));
  });

  it('resolves the artifact at the configured DigiD, not at an address a Host header names', async () => {
    const origin = server.origin;
    const clientId = new URL(origin).hostname;
    const authorize = new URL(`${origin}/mock/medmij/umcharderwijk/oauth/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: `${origin}/callback`,
      scope: '4',
      state: 'host-state-1',
    }).toString();
    const toDigid = await fetch(authorize, { redirect: 'manual' });
    expect(toDigid.status).toBe(302);
    const page = new URL(toDigid.headers.get('location')!);
    const login = await fetch(`${page.origin}${page.pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'login', username: 'test-anna', password: 'Welkom01!', query: page.search }),
    });
    const acs = new URL(((await login.json()) as { location: string }).location);

    const res = await rawRequest(origin, { path: `${acs.pathname}${acs.search}`, headers: { host: trapOrigin }, timeoutMs: 10_000 });
    expect(trapHits).toBe(0);
    expect(res.status).toBe(302);
    expect(res.headers.location).toContain('/oauth/consent');
    expect(String(res.headers.location).startsWith(origin)).toBe(true);
  });
});

describe('bound to 127.0.0.2, published as PUBLIC_ORIGIN', () => {
  it('completes the standalone flow against the configured origin', async () => {
    const probe = await startMockHttpServer({ host: '127.0.0.2', port: 0 });
    const port = new URL(probe.origin).port;
    await probe.close();
    const other = await startMockHttpServer({ host: '127.0.0.2', port: Number(port), publicOrigin: `http://127.0.0.2:${port}` });
    try {
      expect(other.origin).toBe(`http://127.0.0.2:${port}`);
      const config = (await (await fetch(`${other.origin}/mock/smart/fhir/.well-known/smart-configuration`)).json()) as Record<string, string>;
      expect(config.token_endpoint).toBe(`http://127.0.0.2:${port}/mock/smart/auth/token`);
      await runStandaloneFlow(other.origin);
    } finally {
      await other.close();
    }
  });
});

describe('how long the server took', () => {
  it('is sent as Server-Timing on every mock answer (what the server spent, apart from the network and the client)', async () => {
    const { fhirBase } = smartEndpoints(server.origin);
    const res = await fetch(`${fhirBase}/.well-known/smart-configuration`);
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/^app;dur=\d+(\.\d+)?$/);
  });

  it('is reported per step by the benchmark flow', async () => {
    const seen: { step: string; serverMs: number | undefined }[] = [];
    await runStandaloneFlow(server.origin, (step, _ms, _ok, serverMs) => seen.push({ step, serverMs }));
    expect(seen.map((s) => s.step)).toEqual(['discovery', 'authorize', 'token', 'patient', 'observations', 'refresh']);
    for (const s of seen) expect(s.serverMs).toBeGreaterThanOrEqual(0);
  });
});
