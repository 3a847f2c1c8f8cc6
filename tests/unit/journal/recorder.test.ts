import { describe, expect, it } from 'vitest';
import { createRecordingFetch, redirectExchange } from '../../../src/journal/recorder';
import type { Exchange } from '../../../src/journal/types';

type Http = Extract<Exchange, { kind: 'http' }>;

function recorder(base: typeof fetch) {
  const exchanges: Exchange[] = [];
  const f = createRecordingFetch((e) => exchanges.push(e), base);
  return { f, exchanges, last: () => exchanges.at(-1) as Http };
}

/** A server that echoes what it received, so the test can see what really went out. */
const echo = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const req = new Request(input, init);
  return Response.json(
    { method: req.method, body: await req.text(), authorization: req.headers.get('authorization') },
    { status: 201, statusText: 'Created', headers: { 'x-server': 'echo' } },
  );
}) as typeof fetch;

describe('createRecordingFetch', () => {
  it('records a form POST as sent, Authorization included, and still delivers the body', async () => {
    const { f, exchanges, last } = recorder(echo);
    const form = new URLSearchParams({ grant_type: 'authorization_code', code: 'abc', code_verifier: 'v' });
    const response = await f('https://auth.example/token', {
      method: 'POST',
      headers: { Authorization: 'Basic Y2xpZW50OnNlY3JldA==' },
      body: form,
    });

    // The server received the body, and the caller can still read the response.
    const served = (await response.json()) as { body: string; authorization: string };
    expect(served.body).toBe('grant_type=authorization_code&code=abc&code_verifier=v');
    expect(served.authorization).toBe('Basic Y2xpZW50OnNlY3JldA==');

    expect(exchanges).toHaveLength(1);
    const e = last();
    expect(e.kind).toBe('http');
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.request.method).toBe('POST');
    expect(e.request.url).toBe('https://auth.example/token');
    expect(e.request.headers).toContainEqual(['authorization', 'Basic Y2xpZW50OnNlY3JldA==']);
    expect(e.request.headers).toContainEqual(['content-type', 'application/x-www-form-urlencoded;charset=UTF-8']);
    expect(e.request.body).toBe('grant_type=authorization_code&code=abc&code_verifier=v');
    expect(e.response).toMatchObject({ status: 201, statusText: 'Created' });
    expect(e.response!.headers).toContainEqual(['x-server', 'echo']);
    expect(JSON.parse(e.response!.body!)).toEqual(served);
    expect(new Date(e.startedAt).toISOString()).toBe(e.startedAt);
    expect(e.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('records a string body, a JSON body and a GET without body', async () => {
    const { f, exchanges } = recorder(echo);
    await f('https://x.example/a', { method: 'PUT', body: 'plain text', headers: { 'content-type': 'text/plain' } });
    await f(new URL('https://x.example/b'), { method: 'POST', body: JSON.stringify({ a: "it's" }) });
    await f('https://x.example/c?x=1');
    const [a, b, c] = exchanges as Http[];
    expect(a.request.body).toBe('plain text');
    expect(b.request.body).toBe('{"a":"it\'s"}');
    expect(c.request).toMatchObject({ method: 'GET', url: 'https://x.example/c?x=1', body: undefined });
  });

  it('records a FormData body as the multipart text that was sent', async () => {
    const { f, last } = recorder(echo);
    const form = new FormData();
    form.set('client_id', 'app');
    const response = await f('https://x.example/form', { method: 'POST', body: form });
    const e = last();
    expect(e.request.headers.find(([k]) => k === 'content-type')?.[1]).toMatch(/^multipart\/form-data; boundary=/);
    expect(e.request.body).toContain('name="client_id"');
    expect(e.request.body).toContain('app');
    expect(((await response.json()) as { body: string }).body).toBe(e.request.body);
  });

  it('records a Request object without consuming its body', async () => {
    const { f, last } = recorder(echo);
    const req = new Request('https://x.example/r', { method: 'POST', body: 'payload', headers: { 'x-a': '1' } });
    const response = await f(req);
    expect(((await response.json()) as { body: string }).body).toBe('payload');
    expect(last().request).toMatchObject({ body: 'payload', headers: expect.arrayContaining([['x-a', '1']]) });
  });

  it("records a network error in the browser's words, then rethrows the same error", async () => {
    const original = new TypeError('Failed to fetch');
    const { f, last } = recorder(async () => {
      throw original;
    });
    await expect(f('https://down.example/x', { method: 'POST', body: 'a=1' })).rejects.toBe(original);
    expect(last()).toMatchObject({
      kind: 'http',
      request: { method: 'POST', url: 'https://down.example/x', body: 'a=1' },
      networkError: 'TypeError: Failed to fetch',
    });
    expect(last().response).toBeUndefined();
  });

  it("keeps the reason Node gives in the error's cause", async () => {
    const { f, last } = recorder(async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    });
    await expect(f('http://127.0.0.1:9/')).rejects.toThrow('fetch failed');
    expect(last().networkError).toBe('TypeError: fetch failed (connect ECONNREFUSED 127.0.0.1:9)');
  });

  it('records an unusable URL as an error and rethrows it', async () => {
    const { f, last } = recorder(echo);
    await expect(f('/relative/in/node')).rejects.toThrow(TypeError);
    expect(last()).toMatchObject({ request: { url: '/relative/in/node', method: 'GET' }, networkError: expect.stringMatching(/TypeError/) });
  });

  it('records a response with no body (204) and an error status', async () => {
    const { f, exchanges } = recorder(async (input: RequestInfo | URL) =>
      new Request(input).url.endsWith('204') ? new Response(null, { status: 204 }) : Response.json({ error: 'invalid_grant' }, { status: 400 }),
    );
    await f('https://x.example/204');
    const bad = await f('https://x.example/400');
    expect(await bad.json()).toEqual({ error: 'invalid_grant' });
    expect((exchanges[0] as Http).response).toMatchObject({ status: 204, body: '' });
    expect((exchanges[1] as Http).response).toMatchObject({ status: 400, body: '{"error":"invalid_grant"}' });
  });

  it('keeps working when the recorder callback throws', async () => {
    const f = createRecordingFetch(() => {
      throw new Error('ui broke');
    }, echo);
    const original = console.error;
    console.error = () => {};
    try {
      expect((await f('https://x.example/')).status).toBe(201);
    } finally {
      console.error = original;
    }
  });
});

describe('redirectExchange', () => {
  it('parses the query of an outgoing authorize redirect', () => {
    const e = redirectExchange(
      'https://auth.example/authorize?response_type=code&client_id=app&scope=openid%20fhirUser&state=s1',
      'outgoing',
      'to the authorization server',
    );
    expect(e).toMatchObject({
      kind: 'redirect',
      direction: 'outgoing',
      note: 'to the authorization server',
      params: [
        ['response_type', 'code'],
        ['client_id', 'app'],
        ['scope', 'openid fhirUser'],
        ['state', 's1'],
      ],
    });
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('parses fragment parameters after the query ones', () => {
    const e = redirectExchange('https://app.example/cb?x=1#access_token=abc&state=s', 'incoming');
    expect(e.kind === 'redirect' && e.params).toEqual([
      ['x', '1'],
      ['access_token', 'abc'],
      ['state', 's'],
    ]);
  });

  it('ignores a fragment that is not parameters, and survives a relative URL', () => {
    const a = redirectExchange('https://app.example/page#section', 'incoming');
    expect(a.kind === 'redirect' && a.params).toEqual([]);
    const b = redirectExchange('/callback?code=1', 'incoming');
    expect(b).toMatchObject({ url: '/callback?code=1', params: [] });
  });
});
