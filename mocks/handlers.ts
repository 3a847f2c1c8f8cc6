import { http, passthrough } from 'msw';
import { MOCK_PREFIX } from './paths';
import type { MockServer } from './core/server';

/**
 * The MSW request handlers: one catch-all that hands `/mock/*` requests to the
 * mock servers. Shared by the browser's worker and msw/node.
 *
 * `origin` limits interception to one origin (the page's own, in the browser),
 * so a live server elsewhere that happens to use the same paths (such as
 * `npm run mock-server` on 127.0.0.1:4010) is reached for real.
 */
export function createMswHandlers(server: MockServer, options: { origin?: string } = {}) {
  return [
    http.all('*', async ({ request }) => {
      const url = new URL(request.url);
      if (options.origin && url.origin !== options.origin) return passthrough();
      if (!url.pathname.startsWith(`${MOCK_PREFIX}/`)) return passthrough();
      const response = await server(request);
      return response ?? passthrough();
    }),
  ];
}
