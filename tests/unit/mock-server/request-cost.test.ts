import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../mocks/core/store';
import type { MockEnv } from '../../../mocks/core/server';
import { createMockServers } from '../../../mocks/servers';
import { signingKey } from '../../../mocks/smart-auth/signing-key';
import { inspectClient } from '../../../mocks/inspector/store';
import { smartEndpoints } from '../../../mocks/smart-auth/endpoints';

/**
 * What a request costs the server when a room shares it: the work that every
 * request repeats is done once (the signing key is imported once), and the
 * inspector records nothing while no app is inspected.
 */
const ORIGIN = 'http://127.0.0.1:4010';

function world() {
  const store = new MemoryStore();
  const env: MockEnv = { store, now: Date.now, appOrigins: [ORIGIN], transport: 'node' };
  return { store, env, server: createMockServers(env) };
}

describe('the id_token signing key', () => {
  it('is imported once and reused for every token the server signs', async () => {
    const { store } = world();
    const first = await signingKey(store);
    const second = await signingKey(store);
    expect(second.kid).toBe(first.kid);
    expect(second.privateKey).toBe(first.privateKey);
  });

  it('follows the stored key when the store holds another one (a new server state)', async () => {
    const a = await signingKey(new MemoryStore());
    const b = await signingKey(new MemoryStore());
    expect(b.kid).not.toBe(a.kid);
    expect(b.privateKey).not.toBe(a.privateKey);
  });
});

describe('the inspector while no app is inspected', () => {
  it('keeps no record of discovery or authorize requests', async () => {
    const { store, server } = world();
    const { fhirBase } = smartEndpoints(ORIGIN);
    const res = await server(new Request(`${fhirBase}/.well-known/smart-configuration`));
    expect(res?.status).toBe(200);
    expect(await store.keys('inspector:')).toEqual([]);
  });

  it('records again as soon as an app is registered for inspection', async () => {
    const { store, env, server } = world();
    await inspectClient(env, { client_id: 'my-app', kind: 'app', registration: { redirect_uris: ['http://127.0.0.1:9999/cb'] } as never });
    const { fhirBase } = smartEndpoints(ORIGIN);
    await server(new Request(`${fhirBase}/.well-known/smart-configuration`));
    expect(await store.keys('inspector:discovery')).toEqual(['inspector:discovery']);
  });
});
