import { describe, expect, it } from 'vitest';
import { FlowRunner, AWAITING_FLOW_KEY, receiveReturn } from '../../../src/flows/runner';
import { StepFailure, stepsAtServer, type FlowModule } from '../../../src/flows/flow';
import { MemoryStorage } from '../../support/memory-storage';

/**
 * Read before act: a redirect step shows its request and leaves on the next
 * Continue; the steps the browser's return completes run by themselves; a run
 * whose browser never came back can send a new request.
 */
interface S extends Record<string, unknown> {
  requests: number;
  state?: string;
  seen?: string;
  checked?: boolean;
}

function authorizationFlow(): FlowModule<S> {
  const step = (id: string, extra: Partial<FlowModule<S>['definition']['steps'][number]>) => ({
    id,
    title: id,
    why: `why ${id}`,
    spec: [],
    actors: ['app' as const],
    channel: 'local' as const,
    run: async () => ({ kind: 'done' as const }),
    ...extra,
  });
  return {
    initialState: () => ({ requests: 0 }),
    definition: {
      id: 'authz-flow',
      title: 'Authorization',
      summary: '',
      steps: [
        step('discover', {}),
        step('build', {
          run: async (ctx) => {
            const n = ctx.state.requests + 1;
            ctx.setState({ requests: n, state: `s${n}` });
            return { kind: 'done' };
          },
        }),
        step('redirect', {
          channel: 'front-channel',
          run: async (ctx) => {
            const url = `http://as.test/authorize?state=${ctx.state.state}`;
            ctx.recordRedirect(url, 'outgoing');
            return { kind: 'navigate', url, to: 'the test server', resendFrom: 'build' };
          },
        }),
        step('at-server', {
          onReturn: 'at-server',
          run: async (ctx) => {
            if (!ctx.incomingUrl) throw new StepFailure({ code: 'no_callback', message: 'not back', hint: 'wait' });
            ctx.recordRedirect(ctx.incomingUrl, 'incoming');
            ctx.setState({ seen: ctx.incomingUrl });
            return { kind: 'done' };
          },
        }),
        step('callback', {
          onReturn: 'callback',
          run: async (ctx) => {
            ctx.setState({ checked: true });
            return { kind: 'done' };
          },
        }),
        step('token', {}),
      ],
    },
  };
}

function setUp() {
  const storage = new MemoryStorage();
  const navigated: string[] = [];
  const env = { storage, origin: 'http://app.test', mode: 'mock' as const, navigate: (u: string) => navigated.push(u) };
  return { storage, navigated, env, runner: new FlowRunner(authorizationFlow(), env) };
}

describe('FlowRunner: read before the browser leaves', () => {
  it('a redirect step records its request and waits; the browser leaves on the next Continue, also after a reload', async () => {
    const { storage, navigated, env, runner } = setUp();
    await runner.runNext();
    await runner.runNext();
    expect(await runner.runNext()).toBe(false);
    expect(runner.phase()).toEqual({ kind: 'leaving', step: 2, url: 'http://as.test/authorize?state=s1', to: 'the test server' });
    expect(runner.current.steps[2].status.kind).toBe('done');
    expect(runner.current.steps[2].exchanges).toMatchObject([{ kind: 'redirect', direction: 'outgoing', url: 'http://as.test/authorize?state=s1' }]);
    expect(navigated).toEqual([]);
    expect(storage.getItem(AWAITING_FLOW_KEY)).toBeNull();

    // A reload in this phase still offers the Continue that leaves.
    const reloaded = new FlowRunner(authorizationFlow(), env);
    expect(reloaded.phase().kind).toBe('leaving');
    expect(await reloaded.runNext()).toBe(false);
    expect(navigated).toEqual(['http://as.test/authorize?state=s1']);
    expect(reloaded.phase()).toMatchObject({ kind: 'away', step: 2, to: 'the test server' });
    expect(storage.getItem(AWAITING_FLOW_KEY)).toBe('authz-flow');
  });

  it('"Run to end" leaves at once', async () => {
    const { navigated, runner } = setUp();
    await runner.runToEnd();
    expect(navigated).toEqual(['http://as.test/authorize?state=s1']);
    expect(runner.phase().kind).toBe('away');
  });

  it('a return in this document (a redirect that ended at /callback without a page between) is taken by the run that waits, which then goes on by itself', async () => {
    const { storage, env, runner } = setUp();
    const other = new FlowRunner({ ...authorizationFlow(), definition: { ...authorizationFlow().definition, id: 'another-flow' } }, env);
    expect(runner.receiveReturn('http://app.test/callback?code=c&state=s1')).toBe(false); // it has not left yet
    await runner.runToEnd();
    expect(other.receiveReturn('http://app.test/callback?code=c&state=s1')).toBe(false); // not the run that waits
    const before = runner.current.steps;
    expect(runner.receiveReturn('http://app.test/callback?code=c&state=s1')).toBe(true);
    expect(runner.phase()).toEqual({ kind: 'returned', next: 3 });
    // The steps are the same records (the page redraws none of them), and storage holds the same journal.
    runner.current.steps.forEach((record, i) => expect(record).toBe(before[i]));
    expect(new FlowRunner(authorizationFlow(), env).current).toEqual(runner.current);
    expect(storage.getItem(AWAITING_FLOW_KEY)).toBeNull();
    // A reload of /callback later finds that the return was handed over.
    expect(receiveReturn(storage, 'http://app.test/callback?code=c&state=s1')).toMatchObject({ kind: 'already-received', flowId: 'authz-flow' });
    await runner.runToEnd();
    expect(runner.state).toMatchObject({ seen: 'http://app.test/callback?code=c&state=s1', checked: true });
    expect(runner.phase().kind).toBe('finished');
  });

  it('a return handed over while the step that sent the browser away is still unwinding: "Run to end" goes on after it', async () => {
    let goingOn: Promise<void> | undefined;
    // As the flow page does when the in-page mocks answer the redirect at once: the return arrives inside navigate.
    const navigate = () => {
      expect(runner.receiveReturn('http://app.test/callback?code=c&state=s1')).toBe(true);
      goingOn = runner.runToEnd();
    };
    const runner = new FlowRunner(authorizationFlow(), { storage: new MemoryStorage(), origin: 'http://app.test', mode: 'mock', navigate });
    await runner.runToEnd();
    await goingOn;
    expect(runner.state).toMatchObject({ seen: 'http://app.test/callback?code=c&state=s1', checked: true });
    expect(runner.phase().kind).toBe('finished');
  });

  it('names the steps that happen while the browser is away', () => {
    expect(stepsAtServer(authorizationFlow().definition, 2)).toEqual([3]);
    expect(stepsAtServer(authorizationFlow().definition, 0)).toEqual([]);
  });
});

describe('FlowRunner: the browser comes back', () => {
  it('the steps the return completes run by themselves, then the run pauses before the next action', async () => {
    const { storage, env, runner } = setUp();
    for (let i = 0; i < 4; i++) await runner.runNext();
    expect(runner.phase().kind).toBe('away');

    expect(receiveReturn(storage, 'http://app.test/callback?code=c&state=s1')).toMatchObject({ kind: 'returned', flowId: 'authz-flow' });
    const back = new FlowRunner(authorizationFlow(), env);
    expect(back.phase()).toEqual({ kind: 'returned', next: 3 });
    await back.completeReturn();
    expect(back.current.steps.map((s) => s.status.kind)).toEqual(['done', 'done', 'done', 'done', 'done', 'pending']);
    expect(back.current.steps[3].exchanges).toMatchObject([{ kind: 'redirect', direction: 'incoming', url: 'http://app.test/callback?code=c&state=s1' }]);
    expect(back.state.checked).toBe(true);
    expect(back.phase()).toEqual({ kind: 'paused', next: 5, afterReturn: true });
  });

  it('a failing return step stops there, as any step does', async () => {
    const { storage, env, runner } = setUp();
    for (let i = 0; i < 4; i++) await runner.runNext();
    receiveReturn(storage, 'http://app.test/callback?error=access_denied&state=s1');
    const flow = authorizationFlow();
    flow.definition.steps[4].run = async () => {
      throw new StepFailure({ code: 'access_denied', message: 'The user said no.', hint: 'Start over.' });
    };
    const back = new FlowRunner(flow, env);
    await back.completeReturn();
    expect(back.phase()).toMatchObject({ kind: 'failed', step: 4 });
  });

  it('a reload of /callback after the hand-over finds the flow it went to', async () => {
    const { storage, runner } = setUp();
    await runner.runToEnd();
    const url = 'http://app.test/callback?code=c&state=s1';
    expect(receiveReturn(storage, url).kind).toBe('returned');
    expect(receiveReturn(storage, url)).toMatchObject({ kind: 'already-received', flowId: 'authz-flow' });
    expect(receiveReturn(storage, 'http://app.test/callback?code=other')).toEqual({ kind: 'orphan' });
  });
});

describe('FlowRunner: a new authorization request', () => {
  it('from the away phase: back to the step that builds it, earlier steps kept, up to the new request, which waits to leave', async () => {
    const { storage, navigated, runner } = setUp();
    for (let i = 0; i < 4; i++) await runner.runNext();
    expect(runner.phase().kind).toBe('away');
    const discovered = runner.current.steps[0];

    expect(await runner.resendAuthorization()).toBe(true);
    expect(runner.phase()).toEqual({ kind: 'leaving', step: 2, url: 'http://as.test/authorize?state=s2', to: 'the test server' });
    expect(runner.current.steps[0]).toEqual(discovered);
    expect(storage.getItem(AWAITING_FLOW_KEY)).toBeNull();
    await runner.runNext();
    expect(navigated).toEqual(['http://as.test/authorize?state=s1', 'http://as.test/authorize?state=s2']);
    expect(runner.phase().kind).toBe('away');
  });

  it('a run saved away without its departure (an older journal) resends from the step that sent the browser away', async () => {
    const { storage, navigated, env, runner } = setUp();
    for (let i = 0; i < 4; i++) await runner.runNext();
    const key = 'journal:authz-flow';
    const saved = JSON.parse(storage.getItem(key)!) as Record<string, unknown>;
    delete saved.departure;
    storage.setItem(key, JSON.stringify(saved));
    const older = new FlowRunner(authorizationFlow(), env);
    expect(older.phase()).toMatchObject({ kind: 'away', to: 'the authorization server' });
    expect(await older.resendAuthorization()).toBe(true);
    expect(older.phase()).toMatchObject({ kind: 'leaving', step: 2 });
    await older.runNext();
    expect(navigated).toHaveLength(2);
  });

  it('is refused by a run that never sent one', async () => {
    const { runner } = setUp();
    expect(await runner.resendAuthorization()).toBe(false);
    expect(runner.phase().kind).toBe('ready');
  });
});
