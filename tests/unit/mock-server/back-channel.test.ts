import { describe, expect, it } from 'vitest';
import { backChannelCall } from '../../../mocks/core/back-channel';

/** A server-to-server call of the mocks: bounded in time and size, never redirected. */
describe('back-channel calls', () => {
  it('give up after the timeout when the peer never answers', async () => {
    const hang: typeof fetch = (_input, init) =>
      new Promise((_ok, fail) => init?.signal?.addEventListener('abort', () => fail(init.signal!.reason as DOMException)));
    const result = await backChannelCall(hang, 'http://127.0.0.1:9/x', { method: 'POST' }, { timeoutMs: 100 });
    expect(result).toEqual({ kind: 'failed', reason: 'no answer within 0.1 s' });
  });

  it('say why the peer could not be reached: Node\'s "fetch failed" with its cause', async () => {
    const refused: typeof fetch = () => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }));
    const result = await backChannelCall(refused, 'http://127.0.0.1:9/x', { method: 'POST' });
    expect(result).toEqual({ kind: 'failed', reason: 'TypeError: fetch failed (connect ECONNREFUSED 127.0.0.1:9)' });
  });

  it('do not follow a redirect', async () => {
    let seen: RequestInit | undefined;
    const redirecting: typeof fetch = async (_input, init) => {
      seen = init;
      return new Response(null, { status: 302, headers: { location: 'http://127.0.0.1:9/elsewhere' } });
    };
    const result = await backChannelCall(redirecting, 'http://127.0.0.1:9/x', { method: 'POST' });
    expect(seen?.redirect).toBe('manual');
    expect(result).toMatchObject({ kind: 'answered', status: 302, ok: false });
  });

  it('stop reading an answer over the size cap', async () => {
    const huge: typeof fetch = async () => new Response('x'.repeat(300 * 1024));
    expect(await backChannelCall(huge, 'http://127.0.0.1:9/x', {}, { maxBytes: 256 * 1024 })).toEqual({
      kind: 'failed',
      reason: 'the answer is larger than 256 KB',
    });
    const small: typeof fetch = async () => new Response('<ok/>');
    expect(await backChannelCall(small, 'http://127.0.0.1:9/x', {})).toEqual({ kind: 'answered', status: 200, ok: true, text: '<ok/>' });
  });
});
