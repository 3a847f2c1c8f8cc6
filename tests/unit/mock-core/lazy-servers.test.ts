import { describe, expect, it, vi } from 'vitest';
import { getResponse } from 'msw';
import { createMockServers, loadedOnFirstRequest } from '../../../mocks/servers';
import { createMswHandlers } from '../../../mocks/handlers';
import { MemoryStore } from '../../../mocks/core/store';
import type { MockEnv, MockServer } from '../../../mocks/core/server';

const at = (path: string, origin = 'http://localhost') => new Request(`${origin}${path}`);

describe('a mock server loaded on its first request', () => {
  it('loads nothing for requests that are not its own, and loads once for its own', async () => {
    const server = vi.fn<MockServer>(async () => new Response('medmij'));
    const load = vi.fn(async () => server);
    const lazy = loadedOnFirstRequest((p) => p.startsWith('/mock/medmij/'), load);
    expect(await lazy(at('/mock/smart/fhir/metadata'))).toBeUndefined();
    expect(load).not.toHaveBeenCalled();
    await lazy(at('/mock/medmij/lists/zal.xml'));
    await lazy(at('/mock/medmij/lists/gnl.xml'));
    expect(load).toHaveBeenCalledTimes(1);
    expect(server).toHaveBeenCalledTimes(2);
  });

  it('a load that failed (a chunk the network lost) is tried again on the next request', async () => {
    const load = vi
      .fn<() => Promise<MockServer>>()
      .mockRejectedValueOnce(new Error('Failed to fetch dynamically imported module'))
      .mockResolvedValue(async () => new Response('ok'));
    const lazy = loadedOnFirstRequest(() => true, load);
    await expect(lazy(at('/mock/digid/sso'))).rejects.toThrow('dynamically imported');
    expect(await (await lazy(at('/mock/digid/sso')))!.text()).toBe('ok');
  });
});

describe('every mock server still answers through createMockServers (Node: msw/node, npm run mock-server)', () => {
  const env: MockEnv = { store: new MemoryStore(), now: Date.now, appOrigins: ['http://localhost'], transport: 'node' };
  const servers = createMockServers(env);

  it.each([
    ['SMART discovery', '/mock/smart/fhir/.well-known/smart-configuration', 'application/json'],
    ['FHIR', '/mock/smart/fhir/metadata', 'fhir+json'],
    ['FHIR with a scenario segment', '/mock/smart/s/e30/fhir/metadata', 'fhir+json'],
    ['MedMij lists', '/mock/medmij/lists/zal.xml', 'xml'],
    ['DigiD metadata', '/mock/digid/saml/idp/metadata', 'xml'],
  ])('%s', async (_, path, type) => {
    const res = await servers(at(path));
    expect(res?.status).toBe(200);
    expect(res?.headers.get('content-type')).toContain(type);
  });

  it('a path no server knows is left alone', async () => {
    expect(await servers(at('/mock/nowhere'))).toBeUndefined();
  });
});

describe("MSW's handlers take only the mock servers' paths", () => {
  const server: MockServer = async () => new Response('mock');

  it("in the browser: /mock/* on the page's origin, nothing else (the app's files, other origins)", async () => {
    const handlers = createMswHandlers(server, { origin: 'http://localhost:5173' });
    expect(await (await getResponse(handlers, at('/mock/ehr', 'http://localhost:5173')))?.text()).toBe('mock');
    for (const url of [
      'http://localhost:5173/assets/index-abc.js',
      'http://localhost:5173/src/main.tsx',
      'http://localhost:5173/@vite/client',
      'http://localhost:5173/mockery',
      'http://127.0.0.1:4010/mock/ehr',
    ]) {
      expect(await getResponse(handlers, new Request(url)), url).toBeUndefined();
    }
  });

  it('under msw/node: /mock/* on any origin', async () => {
    const handlers = createMswHandlers(server);
    expect(await (await getResponse(handlers, at('/mock/ehr', 'http://127.0.0.1:4010')))?.text()).toBe('mock');
    expect(await getResponse(handlers, at('/other'))).toBeUndefined();
  });
});
