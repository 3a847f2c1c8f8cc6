import { setupServer } from 'msw/node';
import { MemoryStore } from './core/store';
import type { MockEnv } from './core/server';
import { createMockServers } from './servers';
import { createMswHandlers } from './handlers';

/** The mock servers under msw/node, for integration tests: state in a Map, a clock the test may move. */
export function createNodeMocks(options: { now?: () => number; appOrigins?: string[] } = {}) {
  const now = options.now ?? Date.now;
  const env: MockEnv = { store: new MemoryStore(now), now, appOrigins: options.appOrigins ?? ['http://localhost'], transport: 'node' };
  const server = createMockServers(env);
  return { env, server, msw: setupServer(...createMswHandlers(server)) };
}
