import { describe, expect, it, vi } from 'vitest';
import { getResponse } from 'msw';
import { createMswHandlers } from '../../../mocks/handlers';
import { createMockServers } from '../../../mocks/servers';
import { MemoryStore } from '../../../mocks/core/store';
import type { MockServer } from '../../../mocks/core/server';
import { createMockFetch } from '../../../src/app/mock-fetch';

const ORIGIN = 'http://localhost:5173';

/** The page's set-up: MSW's handlers for the page's origin, asked in the page (as mocks/browser.ts does). */
function setUp(server: MockServer) {
  const handlers = createMswHandlers(server, { origin: ORIGIN });
  const network = vi.fn<typeof fetch>(async () => new Response('from the network', { status: 200 }));
  const fetch = createMockFetch({ origin: ORIGIN, mocks: async () => ({ respond: (r) => getResponse(handlers, r) }), fetch: network });
  return { fetch, network };
}

describe('the page fetch answers its own /mock/ requests with the mocks, in the page', () => {
  it('a same-origin /mock/ request is answered by the handlers; the network is not asked', async () => {
    const server = vi.fn<MockServer>(async () => Response.json({ answered: 'by the mock' }));
    const { fetch, network } = setUp(server);
    const res = await fetch(`${ORIGIN}/mock/smart/fhir/metadata`);
    expect(await res.json()).toEqual({ answered: 'by the mock' });
    expect(server).toHaveBeenCalledTimes(1);
    expect(network).not.toHaveBeenCalled();
  });

  it('another origin goes to the real fetch, even under /mock/ (a live mock-server elsewhere)', async () => {
    const server = vi.fn<MockServer>(async () => Response.json({}));
    const { fetch, network } = setUp(server);
    const res = await fetch('http://127.0.0.1:4010/mock/smart/fhir/metadata', { headers: { accept: 'application/fhir+json' } });
    expect(await res.text()).toBe('from the network');
    expect(server).not.toHaveBeenCalled();
    expect(network).toHaveBeenCalledTimes(1);
    const sent = network.mock.calls[0][0] as Request;
    expect(sent.url).toBe('http://127.0.0.1:4010/mock/smart/fhir/metadata');
    expect(sent.headers.get('accept')).toBe('application/fhir+json');
  });

  it("the app's own files (same origin, not /mock/) go to the real fetch", async () => {
    const server = vi.fn<MockServer>(async () => Response.json({}));
    const { fetch, network } = setUp(server);
    await fetch(`${ORIGIN}/assets/index.js`);
    expect(server).not.toHaveBeenCalled();
    expect(network).toHaveBeenCalledTimes(1);
  });

  it('the Request arrives intact: method, headers, body', async () => {
    let seen: { method: string; auth: string | null; type: string | null; body: string } | undefined;
    const { fetch } = setUp(async (request) => {
      seen = { method: request.method, auth: request.headers.get('authorization'), type: request.headers.get('content-type'), body: await request.text() };
      return Response.json({ access_token: 't' });
    });
    const body = new URLSearchParams({ grant_type: 'authorization_code', code: 'c-1', code_verifier: 'v'.repeat(43) });
    await fetch(new Request(`${ORIGIN}/mock/smart/auth/token`, { method: 'POST', headers: { authorization: 'Basic YTpi' }, body }));
    expect(seen).toEqual({
      method: 'POST',
      auth: 'Basic YTpi',
      type: 'application/x-www-form-urlencoded;charset=UTF-8',
      body: 'grant_type=authorization_code&code=c-1&code_verifier=' + 'v'.repeat(43),
    });
  });

  it('a /mock/ path no mock server knows goes to the network, body unread', async () => {
    const { fetch, network } = setUp(async () => undefined);
    await fetch(`${ORIGIN}/mock/nowhere`, { method: 'POST', body: 'hello' });
    expect(network).toHaveBeenCalledTimes(1);
    expect(await (network.mock.calls[0][0] as Request).text()).toBe('hello');
  });

  it('follows a redirect as fetch does: a 303 after a POST becomes a GET without a body', async () => {
    const seen: string[] = [];
    const { fetch } = setUp(async (request) => {
      seen.push(`${request.method} ${new URL(request.url).pathname} ${await request.text()}`);
      if (request.url.endsWith('/from')) return new Response(null, { status: 303, headers: { location: '/mock/to' } });
      return new Response('arrived');
    });
    const res = await fetch(`${ORIGIN}/mock/from`, { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(await res.text()).toBe('arrived');
    expect(seen).toEqual(['POST /mock/from x=1', 'GET /mock/to ']);
  });

  it("redirect: 'manual' goes to the real fetch, which alone makes an opaque redirect", async () => {
    const server = vi.fn<MockServer>(async () => new Response(null, { status: 302, headers: { location: '/x' } }));
    const { fetch, network } = setUp(server);
    await fetch(`${ORIGIN}/mock/smart/auth/authorize`, { redirect: 'manual' });
    expect(server).not.toHaveBeenCalled();
    expect(network).toHaveBeenCalledTimes(1);
  });

  it('without the mocks (live mode) everything goes to the real fetch', async () => {
    const network = vi.fn<typeof fetch>(async () => new Response('net'));
    const fetch = createMockFetch({ origin: ORIGIN, mocks: async () => undefined, fetch: network });
    expect(await (await fetch(`${ORIGIN}/mock/smart/fhir/metadata`)).text()).toBe('net');
  });

  it('the real mock servers answer through it: SMART discovery under the FHIR base', async () => {
    const env = { store: new MemoryStore(), now: Date.now, appOrigins: [ORIGIN], transport: 'worker' as const };
    const { fetch, network } = setUp(createMockServers(env));
    const res = await fetch(`${ORIGIN}/mock/smart/fhir/.well-known/smart-configuration`);
    expect(res.status).toBe(200);
    expect((await res.json()) as { token_endpoint: string }).toMatchObject({ token_endpoint: `${ORIGIN}/mock/smart/auth/token` });
    expect(network).not.toHaveBeenCalled();
    env.store.close();
  });
});
