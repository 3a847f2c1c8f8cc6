import { createRecordingFetch, redirectExchange } from '../journal/recorder';
import type { Weakening } from '../../mocks/public';
import type { Artifact, Exchange, SpecLink } from '../journal/types';
import { errorText } from '../protocol/step-failure';

/**
 * An attack lab: a short guided run in which an attacker's move is played
 * against the real mock servers, with one defence switched on or off. Plain
 * TypeScript over fetch, so the same run happens in the browser (the page's
 * fetch, answered by the in-browser mocks) and in Vitest (msw/node).
 */
export type LabId = 'login-csrf' | 'code-interception' | 'code-replay' | 'open-redirector' | 'mix-up';
export type Defence = 'on' | 'off';

export type Refused = { kind: 'refused'; summary: string; error: string; description?: string };

/** How one step ended. `refused` stops the attack: a server or the app said no, with the spec's error. */
type LabStepStatus = { kind: 'done'; summary: string } | { kind: 'skipped'; summary: string } | Refused | { kind: 'failed'; message: string; hint: string };

export interface LabStepRecord {
  id: string;
  title: string;
  why: string;
  /** Who acts in this step: the attacker, the victim's browser, the app, a server. */
  actor: string;
  /** What is played in this step, for this position of the defence switch. */
  move: string;
  status: LabStepStatus;
  /** What really went over the wire (recorded by the journal's recorder), and the redirects the browser carried. */
  exchanges: Exchange[];
  artifacts: Artifact[];
}

type LabOutcome =
  | { kind: 'attack-succeeded'; summary: string }
  | { kind: 'attack-refused'; summary: string; error: string; description?: string; stepId: string }
  | { kind: 'lab-failed'; message: string; hint: string; stepId: string };

export interface LabRun {
  labId: LabId;
  defence: Defence;
  steps: LabStepRecord[];
  outcome: LabOutcome;
}

/** Where a defence lives: the flow step that holds it and the function that does the check. */
interface Prevention {
  /** The flow step (its title as the flows show it), or the server endpoint. */
  step: string;
  /** The function and file. */
  where: string;
  /** What that line does, in one sentence. */
  what: string;
}

/** What a step may do: fetch (recorded), note a redirect the browser carried, show an artifact. */
export interface LabStepContext<S> {
  fetch: typeof fetch;
  origin: string;
  defence: Defence;
  state: S;
  redirect(url: string, direction: 'outgoing' | 'incoming', note?: string): void;
  artifact(artifact: Artifact): void;
}

interface LabStep<S> {
  id: string;
  title: string;
  why: string;
  actor: string;
  move: (defence: Defence) => string;
  /** Runs even after an earlier step refused the attack, to show what the refusal did (a revoked token). */
  afterRefusal?: boolean;
  /** Returns how the step ended; a thrown error ends the lab as failed (a bug or an unreachable server, not a defence). */
  run(ctx: LabStepContext<S>): Promise<Exclude<LabStepStatus, { kind: 'failed' }>>;
}

export interface Lab<S = unknown> {
  id: LabId;
  title: string;
  /** One line on the attack, for the list. */
  attack: string;
  /** The story a teacher tells before pressing Run. */
  story: string;
  /** What the switch turns on and off. */
  defence: { label: string; on: string; off: string };
  /** The server's switch (a scenario's `weaken`) the lab turns off when the defence is off; none when the defence is the client's. */
  weakening?: Weakening;
  /** The RFC 9700 section that describes the attack and the defence. */
  spec: SpecLink;
  /** More sections worth reading. */
  moreSpecs?: SpecLink[];
  /** Why the attack worked with the defence off, and why it was refused with it on. */
  explain: { succeeded: string; refused: string };
  prevention: Prevention[];
  initialState(): S;
  steps: LabStep<S>[];
}

/** A lab step's own clear failure: what went wrong and what to do (a lab-failed outcome, never an attack result). */
export class LabFailure extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'LabFailure';
  }
}

export interface LabRunOptions {
  defence: Defence;
  /** The fetch the servers are reached with (the page's pageFetch, or the test's fetch under msw/node). */
  fetch: typeof fetch;
  /** The app's origin: its /callback is the registered redirect URI. */
  origin: string;
  /** Called after each step, for a page that shows the run as it goes. */
  onStep?: (steps: LabStepRecord[]) => void;
}

/** Runs a lab's steps in order until one refuses the attack (or fails); every exchange is recorded per step. */
export async function runLab<S>(lab: Lab<S>, options: LabRunOptions): Promise<LabRun> {
  const state = lab.initialState();
  const records: LabStepRecord[] = [];
  let refusal: Extract<LabOutcome, { kind: 'attack-refused' }> | undefined;
  for (const step of lab.steps) {
    if (refusal && !step.afterRefusal) continue;
    const record: LabStepRecord = {
      id: step.id,
      title: step.title,
      why: step.why,
      actor: step.actor,
      move: step.move(options.defence),
      status: { kind: 'done', summary: '' },
      exchanges: [],
      artifacts: [],
    };
    records.push(record);
    const ctx: LabStepContext<S> = {
      fetch: createRecordingFetch((e) => record.exchanges.push(e), options.fetch),
      origin: options.origin,
      defence: options.defence,
      state,
      redirect: (url, direction, note) => record.exchanges.push(redirectExchange(url, direction, note)),
      artifact: (a) => record.artifacts.push(a),
    };
    try {
      record.status = await step.run(ctx);
    } catch (e) {
      record.status =
        e instanceof LabFailure
          ? { kind: 'failed', message: e.message, hint: e.hint }
          : {
              kind: 'failed',
              message: `The step stopped on an unexpected error: ${errorText(e)}`,
              hint: 'The lab runs against the mock servers in this tab: reload the page (mock mode) and run it again.',
            };
    }
    options.onStep?.([...records]);
    if (record.status.kind === 'failed') {
      return {
        labId: lab.id,
        defence: options.defence,
        steps: records,
        outcome: { kind: 'lab-failed', message: record.status.message, hint: record.status.hint, stepId: step.id },
      };
    }
    if (record.status.kind === 'refused' && !refusal) {
      const { summary, error, description } = record.status;
      refusal = { kind: 'attack-refused', summary, error, ...(description === undefined ? {} : { description }), stepId: step.id };
    }
  }
  if (refusal) return { labId: lab.id, defence: options.defence, steps: records, outcome: refusal };
  const last = records[records.length - 1];
  return {
    labId: lab.id,
    defence: options.defence,
    steps: records,
    outcome: { kind: 'attack-succeeded', summary: last.status.kind === 'done' ? last.status.summary : '' },
  };
}
