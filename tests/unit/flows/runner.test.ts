import { describe, expect, it } from 'vitest';
import { FlowRunner, AWAITING_FLOW_KEY, receiveReturn } from '../../../src/flows/runner';
import { StepFailure, type FlowModule } from '../../../src/flows/flow';
import { MemoryStorage } from '../../support/memory-storage';

interface S extends Record<string, unknown> {
  name: string;
  seen?: string;
  token?: string;
}

const ok = (body: unknown) => async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

function testFlow(): FlowModule<S> {
  return {
    initialState: () => ({ name: 'default' }),
    definition: {
      id: 'test-flow',
      title: 'Test',
      summary: '',
      steps: [
        {
          id: 'call',
          title: 'Call',
          why: '',
          spec: [],
          actors: ['app'],
          channel: 'back-channel',
          run: async (ctx) => {
            const r = await ctx.fetch('http://server.test/thing', { method: 'POST', body: 'a=1' });
            ctx.setState({ token: String(((await r.json()) as { t: string }).t) });
            return { kind: 'done' };
          },
        },
        {
          id: 'away',
          title: 'Away',
          why: '',
          spec: [],
          actors: ['browser'],
          channel: 'front-channel',
          run: async (ctx) => {
            ctx.recordRedirect('http://as.test/authorize?state=xyz', 'outgoing');
            return { kind: 'navigate', url: 'http://as.test/authorize?state=xyz' };
          },
        },
        {
          id: 'back',
          title: 'Back',
          why: '',
          spec: [],
          actors: ['app'],
          channel: 'local',
          run: async (ctx) => {
            if (!ctx.incomingUrl) throw new StepFailure({ code: 'no_callback', message: 'not back', hint: 'wait' });
            ctx.setState({ seen: ctx.incomingUrl });
            return { kind: 'done' };
          },
        },
        {
          id: 'fail',
          title: 'Fail',
          why: '',
          spec: [],
          actors: ['app'],
          channel: 'local',
          run: async () => {
            throw new StepFailure({ code: 'invalid_grant', message: 'The code was used before.', hint: 'Start over.' });
          },
        },
      ],
    },
  };
}

describe('FlowRunner', () => {
  it('pauses between steps, records exchanges, leaves for a redirect and resumes with the incoming URL', async () => {
    const storage = new MemoryStorage();
    const navigated: string[] = [];
    const env = {
      storage,
      origin: 'http://app.test',
      mode: 'mock' as const,
      baseFetch: ok({ t: 'tok' }) as typeof fetch,
      navigate: (u: string) => navigated.push(u),
    };
    const runner = new FlowRunner(testFlow(), env);
    expect(runner.phase().kind).toBe('ready');

    expect(await runner.runNext()).toBe(true);
    expect(runner.phase()).toEqual({ kind: 'paused', next: 1 });
    const call = runner.current.steps[0].exchanges[0];
    expect(call.kind === 'http' && call.request.body).toBe('a=1');
    expect(call.kind === 'http' && call.response?.body).toContain('tok');
    expect(runner.state.token).toBe('tok');

    // The redirect step shows its request first; the browser leaves on the next Continue.
    expect(await runner.runNext()).toBe(false);
    expect(navigated).toEqual([]);
    expect(runner.phase()).toEqual({ kind: 'leaving', step: 1, url: 'http://as.test/authorize?state=xyz', to: 'the authorization server' });
    expect(await runner.runNext()).toBe(false);
    expect(navigated).toEqual(['http://as.test/authorize?state=xyz']);
    expect(runner.phase().kind).toBe('away');
    expect(storage.getItem(AWAITING_FLOW_KEY)).toBe('test-flow');

    // A full page load later: a new runner reads the journal from storage.
    expect(new FlowRunner(testFlow(), env).phase().kind).toBe('away');
    // The callback page hands the URL over; the flow page's runner reads it.
    expect(receiveReturn(storage, 'http://app.test/callback?code=c&state=xyz')).toEqual({ kind: 'returned', flowId: 'test-flow', auto: false });
    const after = new FlowRunner(testFlow(), env);
    expect(after.phase()).toEqual({ kind: 'paused', next: 2 });
    expect(await after.runNext()).toBe(true);
    expect(after.state.seen).toBe('http://app.test/callback?code=c&state=xyz');
    expect(after.current.incomingUrl).toBeUndefined();
  });

  it('ends at the failing step with its error and keeps the set-up on Start over', async () => {
    const storage = new MemoryStorage();
    const env = { storage, origin: 'http://app.test', mode: 'mock' as const, baseFetch: ok({ t: 'x' }) as typeof fetch, navigate: () => {} };
    const runner = new FlowRunner(testFlow(), env);
    runner.updateState({ name: 'typed by the user' });
    await runner.runToEnd();
    runner.receiveReturn('http://app.test/callback?code=c');
    await runner.runToEnd();
    const phase = runner.phase();
    expect(phase.kind).toBe('failed');
    expect(phase.kind === 'failed' && phase.error.code).toBe('invalid_grant');
    expect(runner.current.steps[3].status.kind).toBe('failed');

    runner.reset();
    expect(runner.phase().kind).toBe('ready');
    expect(runner.state.name).toBe('typed by the user');
    expect(runner.state.token).toBeUndefined();
  });

  it('restartFrom puts the run back at a step: earlier steps and the set-up stay, later ones are pending again', async () => {
    const storage = new MemoryStorage();
    const runner = new FlowRunner(testFlow(), {
      storage,
      origin: 'http://app.test',
      mode: 'mock',
      baseFetch: ok({ t: 'x' }),
      navigate: () => {},
    });
    runner.updateState({ name: 'typed by the user' });
    await runner.runToEnd();
    runner.receiveReturn('http://app.test/callback?code=c');
    await runner.runToEnd();
    expect(runner.phase().kind).toBe('failed');

    runner.restartFrom('away');
    expect(runner.phase()).toEqual({ kind: 'paused', next: 1 });
    expect(runner.current.steps.map((s) => s.status.kind)).toEqual(['done', 'pending', 'pending', 'pending']);
    expect(runner.current.steps[1].exchanges).toEqual([]);
    expect(runner.current.steps[0].exchanges).toHaveLength(1);
    expect(runner.current.incomingUrl).toBeUndefined();
    expect(runner.state.name).toBe('typed by the user');
    expect(runner.state.token).toBe('x');
    // The restarted step runs again, and the page reloads into the same place.
    await runner.runNext();
    expect(runner.phase().kind).toBe('away');
    expect(new FlowRunner(testFlow(), { storage, origin: 'http://app.test', mode: 'mock' }).phase().kind).toBe('away');
  });

  it('restartFrom refuses a step the flow does not have', () => {
    const runner = new FlowRunner(testFlow(), { storage: new MemoryStorage(), origin: 'http://app.test', mode: 'mock', navigate: () => {} });
    expect(() => runner.restartFrom('no-such-step')).toThrow(/no-such-step/);
  });

  it('reports an unexpected exception as a failed step, not silence', async () => {
    const storage = new MemoryStorage();
    const flow = testFlow();
    flow.definition.steps[0] = {
      ...flow.definition.steps[0],
      run: async () => {
        throw new TypeError('x is undefined');
      },
    };
    const runner = new FlowRunner(flow, { storage, origin: 'http://app.test', mode: 'mock', navigate: () => {} });
    await runner.runNext();
    const status = runner.current.steps[0].status;
    expect(status.kind).toBe('failed');
    expect(status.kind === 'failed' && status.error.cause).toBe('x is undefined');
  });

  it("startFromLaunch begins a fresh run with the launch's state, whatever ran before, and hands the launch URL to the first step", async () => {
    const storage = new MemoryStorage();
    const seen: (string | undefined)[] = [];
    const flow = testFlow();
    flow.definition.steps[0] = {
      ...flow.definition.steps[0],
      run: async (ctx) => {
        seen.push(ctx.incomingUrl);
        return { kind: 'done' };
      },
    };
    const env = { storage, origin: 'http://app.test', mode: 'mock' as const, navigate: () => {} };
    const earlier = new FlowRunner(flow, env);
    earlier.updateState({ name: 'an earlier run' });
    await earlier.runNext();
    expect(seen).toEqual([undefined]);
    seen.length = 0;

    const launch = 'http://app.test/launch?iss=http%3A%2F%2Ffhir.test&launch=L1';
    const started = FlowRunner.startFromLaunch(flow, env, { name: 'from the launch' }, launch);
    expect(started.phase().kind).toBe('ready');
    expect(started.state).toEqual({ name: 'from the launch' });
    expect(started.current.steps.every((s) => s.status.kind === 'pending')).toBe(true);

    // The flow page opens the run from storage and its first step reads the launch URL, once.
    const page = new FlowRunner(flow, env);
    expect(page.state.name).toBe('from the launch');
    await page.runNext();
    expect(seen).toEqual([launch]);
    expect(page.current.incomingUrl).toBeUndefined();
  });

  it('receiveReturn: no flow waiting is an orphan return; the waiting flow gets the URL once, with its auto setting', async () => {
    const storage = new MemoryStorage();
    expect(receiveReturn(storage, 'http://app.test/callback?code=c')).toEqual({ kind: 'orphan' });

    const env = { storage, origin: 'http://app.test', mode: 'mock' as const, baseFetch: ok({ t: 'x' }) as typeof fetch, navigate: () => {} };
    const runner = new FlowRunner(testFlow(), env);
    await runner.runToEnd();
    expect(runner.phase().kind).toBe('away');
    expect(receiveReturn(storage, 'http://app.test/callback?code=c')).toEqual({ kind: 'returned', flowId: 'test-flow', auto: true });
    expect(storage.getItem(AWAITING_FLOW_KEY)).toBeNull();
    // A second arrival (another tab's callback, a stale link) finds no flow waiting.
    expect(receiveReturn(storage, 'http://app.test/callback?code=other')).toEqual({ kind: 'orphan' });
    expect(new FlowRunner(testFlow(), env).current.incomingUrl).toBe('http://app.test/callback?code=c');
  });

  it('goes through its phases as the public API reaches them: ready, running, paused, away, paused, failed, and finished', async () => {
    const storage = new MemoryStorage();
    let release: () => void = () => {};
    const flow = testFlow();
    const original = flow.definition.steps[0];
    flow.definition.steps[0] = {
      ...original,
      run: async (ctx) => {
        await new Promise<void>((r) => (release = r));
        return original.run(ctx);
      },
    };
    const env = { storage, origin: 'http://app.test', mode: 'mock' as const, baseFetch: ok({ t: 'x' }) as typeof fetch, navigate: () => {} };
    const runner = new FlowRunner(flow, env);
    const phases: string[] = [];
    runner.subscribe(() => phases.push(runner.phase().kind));
    expect(runner.phase()).toEqual({ kind: 'ready' });

    const first = runner.runNext();
    await Promise.resolve();
    await Promise.resolve();
    expect(runner.phase()).toEqual({ kind: 'running', step: 0 });
    expect(await runner.runNext()).toBe(false); // one step at a time
    release();
    expect(await first).toBe(true);
    expect(runner.phase()).toEqual({ kind: 'paused', next: 1 });

    expect(await runner.runNext()).toBe(false);
    expect(runner.phase()).toMatchObject({ kind: 'leaving', step: 1 });
    expect(await runner.runNext()).toBe(false);
    expect(runner.phase()).toMatchObject({ kind: 'away', step: 1, to: 'the authorization server' });
    expect(await runner.runNext()).toBe(false); // nothing runs while the browser is away

    receiveReturn(storage, 'http://app.test/callback?code=c');
    const back = new FlowRunner(flow, env);
    expect(back.phase()).toEqual({ kind: 'paused', next: 2 });
    await back.runToEnd();
    const failed = back.phase();
    expect(failed.kind === 'failed' && failed.step).toBe(3);
    expect(await back.runNext()).toBe(false);

    // A flow whose last step succeeds finishes.
    const short = testFlow();
    short.definition.steps = short.definition.steps.slice(0, 1);
    const done = new FlowRunner(short, { ...env, storage: new MemoryStorage() });
    await done.runToEnd();
    expect(done.phase()).toEqual({ kind: 'finished' });
    await Promise.resolve();
    expect(phases).toContain('running');
  });
});
