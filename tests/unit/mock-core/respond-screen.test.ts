import { describe, expect, it } from 'vitest';
import { respondScreen, SERVE_APP_HEADER } from '../../../mocks/core/page-protocol';

/**
 * Over real HTTP a page's GET is answered directly. A request that was
 * answered already (Back after the callback) gets the app's page, which says
 * when the code went back and leads to the flow; other errors stay a plain
 * HTML error page.
 */
const get = new Request('http://127.0.0.1:4010/mock/medmij/za/oauth/consent?session=s1');

describe('respondScreen over GET', () => {
  it('serves the app for an already answered request, so its page can explain and link back', () => {
    const res = respondScreen(get, {
      kind: 'error',
      status: 400,
      title: 'Already answered',
      message: 'done',
      answered: { outcome: 'code', redirectUri: 'http://localhost:5173/callback', at: '2026-01-15T09:00:00.000Z' },
    });
    expect(res.headers.get(SERVE_APP_HEADER)).toBe('1');
    expect(res.status).toBe(200);
  });

  it('keeps the HTML error page for other errors', async () => {
    const res = respondScreen(get, { kind: 'error', status: 400, title: 'Unknown session', message: 'no such session' });
    expect(res.headers.get(SERVE_APP_HEADER)).toBeNull();
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('no such session');
  });
});
