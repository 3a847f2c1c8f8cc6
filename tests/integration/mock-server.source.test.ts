/**
 * The mock server hands out the playground, never the project: no
 * package.json, no mock-server source with the built-in client secret, no
 * /@fs/ read of the machine's files. Both in the default form (the built app)
 * and in --dev (Vite's middleware, which must serve the app's modules).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHttpServer, type MockHttpServer } from '../../mocks/http-server';
import { FLAG_SCRIPT } from '../../mocks/http/static-app';
import { rawRequest } from '../unit/mock-server/raw-http';

const FORBIDDEN = [
  '/package.json',
  '/mocks/smart-auth/clients.ts',
  '/@fs/etc/passwd',
  '/@fs/work/main/package.json',
  '/src/../package.json',
  '/src/%2e%2e/package.json',
  '/vite.config.ts',
  '/mocks/smart-auth/clients.ts?raw',
  '/.git/config',
];

async function expectRefused(origin: string) {
  for (const path of FORBIDDEN) {
    const res = await rawRequest(origin, { path });
    expect([400, 403, 404], `${path} answered ${res.status}`).toContain(res.status);
    expect(res.body).not.toContain('playground-secret');
    expect(res.body).not.toContain('root:x:0');
    expect(res.body).not.toContain('"devDependencies"');
  }
}

describe('the default form: the built app', () => {
  let server: MockHttpServer;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'mock-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>Playground</title></head><body></body></html>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("app")');
    writeFileSync(join(dist, 'mock-service-worker.js'), 'self.addEventListener("fetch", () => {})');
    server = await startMockHttpServer({ port: 0, serveApp: 'dist', distDir: dist });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the app and its assets, and the history fallback for app routes', async () => {
    const index = await rawRequest(server.origin, { path: '/' });
    expect(index.body).toContain(FLAG_SCRIPT);
    expect((await rawRequest(server.origin, { path: '/assets/app.js' })).body).toBe('console.log("app")');
    expect((await rawRequest(server.origin, { path: '/flows/standalone-launch' })).body).toContain('<title>Playground</title>');
  });

  it('lets browsers keep the hashed files for good, and ask for the page and other files each time', async () => {
    expect((await rawRequest(server.origin, { path: '/assets/app.js' })).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/flows/standalone-launch', '/mock-service-worker.js']) {
      expect((await rawRequest(server.origin, { path })).headers['cache-control'], path).toBe('no-cache');
    }
  });

  it("refuses project files and the machine's files", async () => {
    await expectRefused(server.origin);
  });

  it('forbids framing its pages: the sign-in and consent pages cannot be clickjacked', async () => {
    for (const path of ['/', '/mock/smart/auth/authorize?client_id=nobody', '/mock/ehr']) {
      const res = await rawRequest(server.origin, { path });
      expect(res.headers['content-security-policy'], path).toBe("frame-ancestors 'none'");
      expect(res.headers['x-frame-options'], path).toBe('DENY');
    }
  });
});

describe("--dev: Vite's middleware, limited to what the app needs", () => {
  let server: MockHttpServer;
  beforeAll(async () => {
    server = await startMockHttpServer({ port: 0, serveApp: 'dev' });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("serves the app's modules: index.html, src/ and the mock pages", async () => {
    const index = await rawRequest(server.origin, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.body).toContain(FLAG_SCRIPT);
    expect((await rawRequest(server.origin, { path: '/src/main.tsx' })).status).toBe(200);
    expect((await rawRequest(server.origin, { path: '/mocks/smart-auth/pages/routes.tsx' })).status).toBe(200);
  }, 60_000);

  it("refuses project files, the mock servers' source and the machine's files", async () => {
    await expectRefused(server.origin);
  }, 60_000);
});
