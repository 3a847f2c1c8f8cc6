import { describe, expect, it } from 'vitest';
import { json, knownBodyText, readForm, Router } from '../../../mocks/core/server';

/**
 * What the router adds to a handler's answer (CORS, so an app on any origin can
 * call the mocks) and what it leaves alone: the status, the body, the headers
 * the handler chose, and a redirect's Location.
 */
const from = (path: string, init: RequestInit = {}) =>
  new Request(`http://localhost${path}`, { ...init, headers: { origin: 'http://localhost:5173', ...(init.headers as Record<string, string>) } });

describe('a routed answer', () => {
  it('carries the CORS headers with its own status, headers and body', async () => {
    const router = new Router().get('/x', async () => json({ a: 1 }, { status: 201, headers: { 'cache-control': 'no-store' } }));
    const res = (await router.handle(from('/x')))!;
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-expose-headers')).toContain('Location');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ a: 1 });
  });

  it('keeps a CORS header the handler set itself', async () => {
    const router = new Router().get('/x', async () => new Response('x', { headers: { 'Access-Control-Allow-Origin': '*' } }));
    const res = (await router.handle(from('/x')))!;
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('a redirect with immutable headers (Response.redirect) gets them too, and keeps its Location', async () => {
    const router = new Router().get('/x', async () => Response.redirect('http://localhost:5173/callback?code=c', 302));
    const res = (await router.handle(from('/x')))!;
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://localhost:5173/callback?code=c');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});

describe('a body whose text is known', () => {
  it("json() knows its answer's text until the body is read", async () => {
    const res = json({ b: [1, 2] });
    expect(knownBodyText(res)).toBe(JSON.stringify({ b: [1, 2] }, null, 2));
    await res.text();
    expect(knownBodyText(res)).toBeUndefined();
  });

  it('readForm reads a request whose text is not known from its body', async () => {
    const form = await readForm(
      new Request('http://localhost/t', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=%C3%A9' }),
    );
    expect(Object.fromEntries(form!)).toEqual({ a: '1', b: 'é' });
  });
});
