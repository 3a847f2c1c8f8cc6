import { http, passthrough } from 'msw';
import { MOCK_PREFIX } from './paths';
import type { MockServer } from './core/server';

/**
 * The MSW request handlers: one handler that hands `/mock/*` requests to the
 * mock servers. Shared by the browser's worker and msw/node. Nothing else
 * matches, so the app's own files are never routed to the mock servers.
 *
 * `origin` limits interception to one origin (the page's own, in the browser),
 * so a live server elsewhere that happens to use the same paths (such as
 * `npm run mock-server` on 127.0.0.1:4010) is reached for real.
 */
export function createMswHandlers(server: MockServer, options: { origin?: string } = {}) {
  const origin = options.origin ? escapeRegExp(options.origin) : '[a-z][a-z0-9+.-]*://[^/?#]+';
  return [
    http.all(new RegExp(`^${origin}${escapeRegExp(MOCK_PREFIX)}/`), async ({ request }) => {
      const response = await server(request);
      return response ?? passthrough();
    }),
  ];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
