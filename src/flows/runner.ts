import type { Artifact, Exchange, Journal, StepError, StepRecord } from '../journal/types';
import { createRecordingFetch, redirectExchange } from '../journal/recorder';
import { clearJournal, loadJournal, newJournal, saveJournal } from '../journal/persistence';
import { StepFailure, type FlowModule, type Mode, type StepContext, type StepDefinition } from './flow';
import { loadLastReturn, saveLastReturn } from './last-return';

/** sessionStorage key naming the flow whose run waits for the browser to come back to /callback. */
export const AWAITING_FLOW_KEY = 'playground:awaiting-flow';

export type RunnerPhase =
  | { kind: 'ready' } // nothing run yet: the set-up panel is editable
  | { kind: 'paused'; next: number; afterReturn?: true } // waits for "Continue" (afterReturn: the steps before read the browser's return)
  | { kind: 'returned'; next: number } // the browser came back: the steps that read the return run by themselves
  | { kind: 'running'; step: number }
  | { kind: 'leaving'; step: number; url: string; to: string } // the step showed its request: the browser leaves on "Continue"
  | { kind: 'away'; step: number; to: string; since: string } // the browser is at a server's pages
  | { kind: 'failed'; step: number; error: StepError }
  | { kind: 'finished' };

const DEFAULT_DESTINATION = 'the authorization server';

export interface RunnerEnv {
  storage: Storage;
  origin: string;
  mode: Mode;
  /** The fetch the steps' recording fetch wraps (the page's fetch, or a test double). */
  baseFetch?: typeof fetch;
  /** Sends the browser away; a test can replace it. */
  navigate?: (url: string) => void;
  /** Resolves when the servers the steps call can answer (the in-browser mocks start in parallel). */
  ready?: () => Promise<void>;
}

/**
 * Runs a flow one step at a time and keeps the journal. It knows nothing of
 * React: the flow page subscribes to it and renders the journal.
 */
export class FlowRunner<S extends object> {
  private journal: Journal;
  private listeners = new Set<() => void>();
  /** The step runNext is running, if any: one at a time, and a Run to end asked for meanwhile waits for it. */
  private inFlight: Promise<boolean> | undefined;
  private readonly env: RunnerEnv;

  constructor(
    readonly module: FlowModule<S>,
    env: RunnerEnv,
  ) {
    this.env = env;
    const loaded = loadJournal(env.storage, module.definition.id);
    this.journal = loaded ? this.failInterrupted(loaded) : this.fresh();
  }

  /**
   * A step saved as running that no runner in this document is running was cut
   * off by a reload (or a closed tab): it would say "running" forever and block
   * every button, so it becomes a failed step the user can start over from.
   */
  private failInterrupted(journal: Journal): Journal {
    let changed = false;
    const steps = journal.steps.map((r, i): StepRecord => {
      if (r.status.kind !== 'running' || stepsRunningHere.has(runningKey(journal.runId, i))) return r;
      changed = true;
      const def = this.module.definition.steps[i];
      const error: StepError = {
        code: 'interrupted',
        message: 'The page was reloaded while this step was running; what it sent may or may not have reached the server.',
        hint: 'Start over, or run this step again (if it sent a one-time value such as a code, the server may refuse it the second time).',
        ...(def && { restartFrom: { stepId: def.id, label: 'Run this step again' } }),
      };
      return { ...r, status: { kind: 'failed', finishedAt: new Date().toISOString(), error } };
    });
    if (!changed) return journal;
    const fixed = { ...journal, steps };
    saveJournal(this.env.storage, fixed);
    return fixed;
  }

  private fresh(): Journal {
    const { definition } = this.module;
    return newJournal(
      definition.id,
      definition.steps.map((s) => s.id),
      this.module.initialState({ origin: this.env.origin, mode: this.env.mode }) as Record<string, unknown>,
    );
  }

  get definition() {
    return this.module.definition;
  }
  get state(): S {
    return this.journal.state as S;
  }
  get current(): Journal {
    return this.journal;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notifyPending = false;
  /** While a step runs, what it changes is written to storage once, when it ends (see performStep). */
  private writesWaitForStepEnd = false;

  /**
   * Apply a change. `persist` writes the journal to sessionStorage (status
   * changes, state, anything a redirect must survive); while a step runs, the
   * write waits for the step's end. Listeners hear of a burst of changes once.
   */
  private commit(mutate?: (j: Journal) => Journal, persist = true): void {
    if (mutate) this.journal = mutate(this.journal);
    if (persist && !this.writesWaitForStepEnd) saveJournal(this.env.storage, this.journal);
    if (this.notifyPending) return;
    this.notifyPending = true;
    queueMicrotask(() => {
      this.notifyPending = false;
      for (const l of this.listeners) l();
    });
  }

  /** Where the run is: by default now; given a journal (the one a page shows), where that journal says it was. */
  phase(journal: Journal = this.journal): RunnerPhase {
    const steps = journal.steps;
    const running = steps.findIndex((s) => s.status.kind === 'running');
    if (running >= 0) return { kind: 'running', step: running };
    const failed = steps.findIndex((s) => s.status.kind === 'failed');
    if (failed >= 0) {
      const st = steps[failed].status;
      return { kind: 'failed', step: failed, error: st.kind === 'failed' ? st.error : { code: 'unknown', message: '', hint: '' } };
    }
    const { leaving, awaitingReturn, departure } = journal;
    const to = departure?.to ?? DEFAULT_DESTINATION;
    if (leaving) return { kind: 'leaving', step: steps.findIndex((s) => s.id === leaving.stepId), url: departure?.url ?? '', to };
    if (awaitingReturn) return { kind: 'away', step: steps.findIndex((s) => s.id === awaitingReturn.stepId), to, since: awaitingReturn.since };
    const next = steps.findIndex((s) => s.status.kind === 'pending');
    if (next < 0) return { kind: 'finished' };
    if (next === 0) return { kind: 'ready' };
    // A step the browser's return completes is pending only once the browser is back.
    if (this.definition.steps[next]?.onReturn) return { kind: 'returned', next };
    return this.definition.steps[next - 1]?.onReturn ? { kind: 'paused', next, afterReturn: true } : { kind: 'paused', next };
  }

  /** Edit the set-up before the first step (and keep it: nothing typed is lost). */
  updateState(patch: Partial<S>): void {
    this.commit((j) => ({ ...j, state: { ...j.state, ...patch } }));
  }

  /** Start over: a fresh journal, but the user's set-up stays. */
  reset(keepSetup = true): void {
    const setup = this.journal.state;
    clearJournal(this.env.storage, this.definition.id);
    this.journal = this.fresh();
    if (keepSetup) this.journal = { ...this.journal, state: keepSetupFields(this.journal.state, setup) };
    this.env.storage.removeItem(AWAITING_FLOW_KEY);
    this.commit();
  }

  /**
   * Put the run back at an earlier step (a new authorization code after the
   * old one expired): that step and every later one are pending again, the
   * steps before it and the state stay, so the set-up and discovery are kept.
   */
  restartFrom(stepId: string): void {
    const index = this.journal.steps.findIndex((s) => s.id === stepId);
    if (index < 0) throw new Error(`The flow ${this.definition.id} has no step "${stepId}".`);
    this.env.storage.removeItem(AWAITING_FLOW_KEY);
    this.commit((j) => ({
      ...j,
      leaving: undefined,
      awaitingReturn: undefined,
      incomingUrl: undefined,
      steps: j.steps.map((r, i) => (i < index ? r : { id: r.id, status: { kind: 'pending' }, exchanges: [], artifacts: [] })),
    }));
  }

  /**
   * A launch (the app's launch URL, `/launch?iss=...&launch=...`) starts a
   * fresh run: whatever ran before is dropped, the state is the launch's, and
   * the launch URL is the incoming URL the first step reads.
   */
  static startFromLaunch<S extends object>(module: FlowModule<S>, env: RunnerEnv, state: S, launchUrl: string): FlowRunner<S> {
    clearJournal(env.storage, module.definition.id);
    env.storage.removeItem(AWAITING_FLOW_KEY);
    const runner = new FlowRunner(module, env);
    runner.commit((j) => ({ ...j, state: { ...state } as Record<string, unknown>, incomingUrl: launchUrl }));
    return runner;
  }

  /**
   * The browser came back with `url` while this run waits for it: the run takes
   * it as the callback page would hand it over (in mock mode, a redirect that
   * ends at /callback in this document comes here). False when this run is not
   * the one waiting.
   */
  receiveReturn(url: string): boolean {
    if (this.env.storage.getItem(AWAITING_FLOW_KEY) !== this.definition.id) return false;
    if (receiveReturn(this.env.storage, url).kind !== 'returned') return false;
    // What receiveReturn wrote to storage, applied to the journal in memory: its steps keep their identity, so
    // the page does not draw every step again (a journal read back from storage is all new objects).
    this.commit((j) => ({ ...j, leaving: undefined, awaitingReturn: undefined, incomingUrl: url }), false);
    return true;
  }

  setAuto(auto: boolean): void {
    this.commit((j) => ({ ...j, auto }));
  }

  /**
   * A new authorization request (the user came back to the app without an
   * answer, or wants a new code): the run goes back to the step that builds
   * it, keeping the set-up and discovery, and runs up to the point where the
   * browser would leave, so the new request can be read first.
   */
  async resendAuthorization(): Promise<boolean> {
    // A run saved before departures were recorded knows only the step that sent the browser away.
    const from = this.journal.departure?.resendFrom ?? this.journal.awaitingReturn?.stepId;
    if (!from) return false;
    this.restartFrom(from);
    while (['ready', 'paused'].includes(this.phase().kind) && (await this.runNext())) {
      /* up to the redirect */
    }
    return true;
  }

  /** The browser came back: run the steps that read its return, then pause before the app's next action. */
  async completeReturn(): Promise<void> {
    while (this.phase().kind === 'returned' && (await this.runNext())) {
      /* keep going */
    }
  }

  /** The user read the request: send the browser away now. */
  private leave(): void {
    const departure = this.journal.departure;
    if (!this.journal.leaving || !departure) return;
    this.commit((j) => ({ ...j, leaving: undefined, awaitingReturn: { since: new Date().toISOString(), stepId: departure.stepId } }));
    this.env.storage.setItem(AWAITING_FLOW_KEY, this.definition.id);
    (this.env.navigate ?? ((url: string) => window.location.assign(url)))(departure.url);
  }

  /** Run the next pending step (or, when a step waits to send the browser away, send it). Resolves to false when the flow cannot go on. */
  async runNext(): Promise<boolean> {
    if (this.inFlight) return false;
    const phase = this.phase();
    if (phase.kind === 'leaving') {
      this.leave();
      return false;
    }
    if (phase.kind === 'failed' || phase.kind === 'finished' || phase.kind === 'away' || phase.kind === 'running') return false;
    const index = phase.kind === 'ready' ? 0 : phase.next;
    const def = this.definition.steps[index];
    // The finally comes after an await, so it clears the assignment below, never runs before it.
    const step = (async () => {
      try {
        await this.env.ready?.().catch(() => undefined);
        return await this.perform(index, def);
      } finally {
        this.inFlight = undefined;
      }
    })();
    this.inFlight = step;
    return step;
  }

  /**
   * Run every remaining step without pausing (until a redirect, a failure or
   * the end). A step still running goes first: the browser's return can be
   * handed over while the step that sent it away is still unwinding, and the
   * run must go on from there, not stop because a step was busy.
   */
  async runToEnd(): Promise<void> {
    this.setAuto(true);
    while (this.inFlight) await this.inFlight.catch(() => false);
    while (await this.runNext()) {
      /* keep going */
    }
  }

  private updateStep(index: number, f: (r: StepRecord) => StepRecord, persist = true): void {
    this.commit((j) => ({ ...j, steps: j.steps.map((r, i) => (i === index ? f(r) : r)) }), persist);
  }

  private async perform(index: number, def: StepDefinition<S>): Promise<boolean> {
    const now = () => new Date().toISOString();
    const key = runningKey(this.journal.runId, index);
    stepsRunningHere.add(key);
    try {
      return await this.performStep(index, def, now);
    } finally {
      stepsRunningHere.delete(key);
    }
  }

  private async performStep(index: number, def: StepDefinition<S>, now: () => string): Promise<boolean> {
    // Written at once: a reload while the step runs finds it running, and shows it as cut off (failInterrupted).
    this.updateStep(index, (r) => ({ ...r, status: { kind: 'running', startedAt: now() }, exchanges: [], artifacts: [] }));

    const addExchange = (e: Exchange) => this.updateStep(index, (r) => ({ ...r, exchanges: [...r.exchanges, e] }), false);
    const addArtifact = (a: Artifact) => this.updateStep(index, (r) => ({ ...r, artifacts: [...r.artifacts, a] }), false);
    const incomingUrl = this.journal.incomingUrl;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const runner = this;
    const ctx: StepContext<S> = {
      // A getter, so a step reads the state as it is after its own setState calls.
      get state() {
        return runner.state;
      },
      setState: (patch) => this.commit((j) => ({ ...j, state: { ...j.state, ...patch } })),
      fetch: createRecordingFetch(addExchange, this.env.baseFetch ?? globalThis.fetch.bind(globalThis)),
      recordRedirect: (url, direction, note) => addExchange(redirectExchange(url, direction, note)),
      addArtifact,
      incomingUrl,
      origin: this.env.origin,
    };

    // What the step changes (its state, exchanges, artifacts) is written once, with its end: the journal is some
    // tens of kilobytes by the end of a run, and writing it at every change cost more than the steps against the
    // in-page mocks. Nothing reads the stored journal while the step runs; the browser leaves only after it.
    this.writesWaitForStepEnd = true;
    let outcome: Awaited<ReturnType<StepDefinition<S>['run']>> | { kind: 'failed'; error: StepError };
    try {
      outcome = await def.run(ctx);
    } catch (e) {
      outcome = { kind: 'failed', error: toStepError(e) };
    } finally {
      this.writesWaitForStepEnd = false;
    }
    if (outcome.kind === 'failed') {
      const { error } = outcome;
      this.updateStep(index, (r) => ({ ...r, status: { kind: 'failed', finishedAt: now(), error } }));
      return false;
    }
    // The incoming URL is consumed by the first step that runs after the return. A step that sends the browser
    // away shows its request first; the browser leaves on the next Continue (at once when the run goes on by itself).
    const departure =
      outcome.kind === 'navigate'
        ? { stepId: def.id, url: outcome.url, to: outcome.to ?? DEFAULT_DESTINATION, resendFrom: outcome.resendFrom ?? def.id }
        : undefined;
    this.commit((j) => ({
      ...j,
      steps: j.steps.map((r, i) => (i === index ? { ...r, status: { kind: 'done', finishedAt: now() } } : r)),
      ...(incomingUrl && { incomingUrl: undefined }),
      ...(departure && { departure, leaving: { stepId: def.id } }),
    }));
    if (!departure) return true;
    if (this.journal.auto) this.leave();
    return false;
  }
}

/**
 * The steps a runner in this document is running (run id and step index): a
 * second runner on the same journal (the flow page opened again meanwhile)
 * must not take them for steps a reload cut off. A reload empties it.
 */
const stepsRunningHere = new Set<string>();
const runningKey = (runId: string, index: number) => `${runId}#${index}`;

/** What the callback page does with the URL the browser came back with. */
export type ReturnResult =
  | { kind: 'returned'; flowId: string; auto: boolean } // the waiting flow has the URL: show it (auto: run on)
  | { kind: 'already-received'; flowId: string; at: string } // this very return was handed over before (a reload of /callback, Back)
  | { kind: 'orphan' }; // no flow in this tab waits for the browser

/**
 * The browser came back (to /callback, the redirect_uri of every flow): hand
 * the URL to the flow that waits for it, in its journal, for the step that
 * reads it. Whether the callback came as a router navigation or a full load,
 * the journal in storage is the one truth: the flow page reads it next.
 */
export function receiveReturn(storage: Storage, url: string): ReturnResult {
  const flowId = storage.getItem(AWAITING_FLOW_KEY);
  const journal = flowId ? loadJournal(storage, flowId) : undefined;
  if (!flowId || !journal) {
    const last = loadLastReturn(storage);
    return last && last.url === url ? { kind: 'already-received', flowId: last.flowId, at: last.at } : { kind: 'orphan' };
  }
  saveJournal(storage, { ...journal, leaving: undefined, awaitingReturn: undefined, incomingUrl: url });
  storage.removeItem(AWAITING_FLOW_KEY);
  saveLastReturn(storage, { flowId, url, at: new Date().toISOString() });
  return { kind: 'returned', flowId, auto: journal.auto === true };
}

/** Anything thrown by a step becomes a StepError; unexpected exceptions are reported, not swallowed. */
export function toStepError(e: unknown): StepError {
  if (e instanceof StepFailure) return e.error;
  const message = e instanceof Error ? e.message : String(e);
  return {
    code: 'unexpected',
    message: 'The step stopped with an unexpected error.',
    cause: message,
    hint: 'This is likely a malformed answer from the server or a bug in the playground: check the exchanges above, then try "Start over".',
  };
}

/**
 * The set-up fields are the keys a fresh state has; their values are what the
 * user typed and are kept across "Start over". Anything a step added (codes,
 * tokens) is dropped.
 */
function keepSetupFields(fresh: Record<string, unknown>, previous: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...fresh };
  for (const key of Object.keys(fresh)) if (key in previous) out[key] = previous[key];
  return out;
}
