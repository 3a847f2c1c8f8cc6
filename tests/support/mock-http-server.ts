import { afterAll, beforeAll } from 'vitest';
import { startMockHttpServer, type MockHttpOptions } from '../../mocks/http-server';

/**
 * `npm run mock-server` for one test file: started on a free port before its
 * tests, closed after them. What the tests read is its origin.
 */
export function mockHttpServerForFile(options: MockHttpOptions = {}): { readonly origin: string } {
  let origin: string | undefined;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const server = await startMockHttpServer({ port: 0, ...options });
    origin = server.origin;
    close = () => server.close();
  });
  afterAll(async () => {
    await close?.();
  });
  return {
    get origin() {
      if (origin === undefined) throw new Error('The mock HTTP server has not started (a test ran outside its file?).');
      return origin;
    },
  };
}
