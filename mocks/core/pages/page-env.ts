/**
 * What a mock server's page needs from the app that renders it: the fetch to
 * reach its own server with, and how to follow a location its server names.
 * The app sets it once (src/app/MockPages.tsx); tests may set their own.
 */
export interface MockPageEnv {
  /** The page's fetch: the app's in-page fetch answers same-origin `/mock/` requests without the service worker. */
  fetch: typeof fetch;
  /**
   * Whether a location on the page's own origin is reached in this document
   * (a router navigation): true when the in-browser mocks answer it. A real
   * server (`npm run mock-server`) gets real navigations.
   */
  sameDocument: boolean;
}

let env: MockPageEnv = { fetch: (input, init) => fetch(input, init), sameDocument: false };

export function setMockPageEnv(next: MockPageEnv): void {
  env = next;
}

export function mockPageEnv(): MockPageEnv {
  return env;
}
