// @vitest-environment happy-dom
import { createElement, StrictMode } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useScreen } from '../../../mocks/core/pages/useScreen';
import { setMockPageEnv } from '../../../mocks/core/pages/page-env';
import type { Screen } from '../../../mocks/core/page-protocol';

/** A mock page as the servers' pages are: it shows its page, or the state it is in. */
function Page() {
  const { state } = useScreen<{ text: string }>();
  return createElement('p', { 'data-testid': 'page' }, state.kind === 'page' ? state.page.text : state.kind);
}

function Callback() {
  const { search } = useLocation();
  return createElement('p', { 'data-testid': 'page' }, `back at the app ${search}`);
}

/** Render the page at `/mock/page?x=1` under StrictMode (as npm run dev does), its server answering `answer`. */
function open(answer: (body: Record<string, unknown>) => Screen<{ text: string }>, sameDocument = true) {
  const posts: Record<string, unknown>[] = [];
  setMockPageEnv({
    sameDocument,
    fetch: async (_input, init) => {
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      posts.push(body);
      return new Response(JSON.stringify(answer(body)), { headers: { 'content-type': 'application/json' } });
    },
  });
  const router = createMemoryRouter(
    [
      { path: '/mock/page', element: createElement(Page) },
      { path: '/callback', element: createElement(Callback) },
    ],
    { initialEntries: ['/mock/page?x=1'] },
  );
  render(createElement(StrictMode, null, createElement(RouterProvider, { router })));
  return { posts, router };
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("useScreen, the mock pages' conversation with their server", () => {
  it("asks for the view once per address under StrictMode, with the page's query", async () => {
    const { posts } = open(() => ({ kind: 'page', page: { text: 'Sign in' } }));
    expect(await screen.findByText('Sign in')).toBeTruthy();
    expect(posts).toEqual([{ action: 'view', query: '?x=1' }]);
  });

  it('follows a redirect to its own origin with the router: the same document, the location the server named', async () => {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {});
    const { router } = open(() => ({ kind: 'redirect', location: `${window.location.origin}/callback?code=abc` }));
    expect(await screen.findByText('back at the app ?code=abc')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/callback');
    expect(assign).not.toHaveBeenCalled();
  });

  it('leaves the document for another origin, and for any location when a real server serves the page; a redirect answering the view replaces the page, as a 302 would', async () => {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {});
    const replace = vi.spyOn(window.location, 'replace').mockImplementation(() => {});
    open(() => ({ kind: 'redirect', location: 'https://app.example/callback?code=abc' }));
    await act(async () => {});
    await vi.waitFor(() => expect(replace).toHaveBeenCalledWith('https://app.example/callback?code=abc'));
    cleanup();

    const sameOrigin = `${window.location.origin}/callback?code=def`;
    open(() => ({ kind: 'redirect', location: sameOrigin }), false);
    await vi.waitFor(() => expect(replace).toHaveBeenCalledWith(sameOrigin));
    expect(assign).not.toHaveBeenCalled();
  });

  it('a page that only forwards leaves no history entry: Back from where it went skips it', async () => {
    const { router } = open(() => ({ kind: 'redirect', location: `${window.location.origin}/callback?code=abc` }));
    expect(await screen.findByText('back at the app ?code=abc')).toBeTruthy();
    expect(router.state.historyAction).toBe('REPLACE');
  });
});
