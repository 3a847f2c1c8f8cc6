import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHttpServer, type MockHttpServer } from '../../../mocks/http-server';
import { smartEndpoints } from '../../../mocks/smart-auth/endpoints';
import { rawRequest } from './raw-http';

/**
 * Bodies over real HTTP: a JSON answer goes out byte for byte as the handler
 * wrote it, and a form is read as fetch's request.text() reads it (UTF-8, a
 * leading byte order mark dropped), whichever way the server gets at the text.
 */
let server: MockHttpServer;
beforeAll(async () => {
  server = await startMockHttpServer({ port: 0 });
});
afterAll(async () => {
  await server?.close();
});

describe('over HTTP', () => {
  it('a JSON answer is sent whole, as the handler wrote it, with its length', async () => {
    const { fhirBase } = smartEndpoints(server.origin);
    const res = await rawRequest(server.origin, { path: new URL(`${fhirBase}/.well-known/smart-configuration`).pathname });
    expect(res.status).toBe(200);
    expect(res.body).toBe(JSON.stringify(JSON.parse(res.body), null, 2));
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('a form is read as UTF-8 with a leading byte order mark dropped', async () => {
    const path = new URL(smartEndpoints(server.origin).token).pathname;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const bom = await rawRequest(server.origin, { method: 'POST', path, headers: form, body: Buffer.from('\uFEFFgrant_type=password', 'utf8') });
    expect(bom.status).toBe(400);
    const refused = JSON.parse(bom.body) as { error: string; error_description: string };
    expect(refused.error).toBe('unsupported_grant_type');
    expect(refused.error_description).toContain('"password"');

    const accented = await rawRequest(server.origin, { method: 'POST', path, headers: form, body: Buffer.from('grant_type=caf\u00e9', 'utf8') });
    expect((JSON.parse(accented.body) as { error_description: string }).error_description).toContain('"caf\u00e9"');
  });
});
