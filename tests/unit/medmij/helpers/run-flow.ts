import { expect } from 'vitest';
import { FlowRunner } from '../../../../src/flows/runner';
import { medmijModule, type MedMijState } from '../../../../src/flows/medmij/index';
import { installDomParser } from './dom';
import { MemoryStorage } from '../../../support/memory-storage';
export { MemoryStorage };

export interface User {
  /** DigiD username; the test password is used. */
  username?: string;
  cancel?: boolean;
  consent?: 'allow' | 'deny';
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** The browser: follows 302s; on a page the app would render, does what its page would post. */
export async function browseAsUser(fetchFn: Fetch, start: string, appOrigin: string, user: User): Promise<string> {
  let url = start;
  for (let hops = 0; hops < 30; hops++) {
    if (url.startsWith(`${appOrigin}/callback`)) return url;
    const res = await fetchFn(url, { redirect: 'manual' });
    if (res.status === 302) {
      url = new URL(res.headers.get('location')!, url).href;
      continue;
    }
    if (res.headers.get('x-mock-serve-app') !== '1') {
      throw new Error(`The browser stopped at ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    }
    const u = new URL(url);
    let body: Record<string, unknown>;
    if (u.pathname.endsWith('/sso')) {
      body = user.cancel ? { action: 'cancel' } : { action: 'login', username: user.username ?? 'test-anna', password: 'Welkom01!' };
    } else if (u.pathname.endsWith('/oauth/consent')) {
      body = { action: 'decide', decision: user.consent ?? 'allow' };
    } else {
      body = { action: 'view' };
    }
    const answer = await fetchFn(`${u.origin}${u.pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, query: u.search }),
    });
    const screen = (await answer.json()) as { kind: string; location?: string; message?: string };
    if (screen.kind !== 'redirect') throw new Error(`The page at ${u.pathname} answered ${screen.kind}: ${screen.message ?? ''}`);
    url = screen.location!;
  }
  throw new Error('Too many redirects');
}

/**
 * Run the MedMij flow with the real runner: the browser's trip is `browseAsUser`.
 * `arrives` turns the callback the server sent into the one the PGO receives (a forged or altered return).
 */
export async function runMedMijFlow(
  origin: string,
  setup: Partial<MedMijState>,
  user: User = {},
  fetchFn: Fetch = (u, i) => fetch(u, i),
  arrives: (callback: string) => string = (callback) => callback,
) {
  installDomParser();
  let away: string | undefined;
  const runner = new FlowRunner(medmijModule, { storage: new MemoryStorage(), origin, mode: 'mock', navigate: (url) => (away = url) });
  runner.updateState(setup);
  await runner.runToEnd();
  expect(away, 'step 2 sends the browser to the authorization server').toBeTruthy();
  const callback = await browseAsUser(fetchFn, away!, origin, user);
  runner.receiveReturn(arrives(callback));
  await runner.runToEnd();
  return runner;
}

/** The step the run ended at, with its MedMij number, and the error. */
export function outcome(runner: FlowRunner<MedMijState>) {
  const phase = runner.phase();
  if (phase.kind !== 'failed') return { phase: phase.kind, step: undefined, error: undefined };
  return { phase: phase.kind, step: runner.definition.steps[phase.step].number, error: phase.error };
}
