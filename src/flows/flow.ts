import type { Actor, Artifact, Channel, SpecLink } from '../journal/types';
import { StepFailure } from '../protocol/step-failure';

/**
 * A flow is a named sequence of steps, written as plain TypeScript: no React.
 * The runner (src/flows/runner.ts) performs one step at a time, records what it
 * did in the journal, and pauses in between unless the user asked to run on.
 */
export interface FlowDefinition<S extends object = Record<string, unknown>> {
  id: string;
  title: string;
  summary: string;
  /** A flow with more than one language: its title and summary in the run's language (read from its state). */
  texts?: (state: Readonly<S>) => { title: string; summary: string };
  steps: StepDefinition<S>[];
}

export interface StepDefinition<S extends object = Record<string, unknown>> {
  id: string;
  /** Numbered as the spec numbers it, where it does (MedMij's 16 steps). */
  number?: string;
  /** The title in the flow's default language. */
  title: string;
  /** Two or three sentences: why this step exists (in the default language). */
  why: string;
  /** A flow with more than one language: the title and why in the run's language (read from its state). */
  texts?: (state: Readonly<S>) => StepTexts;
  spec: SpecLink[];
  actors: Actor[];
  channel: Channel;
  /** What the step's arrow carries before it has run, in one short line (`POST /token`); once run, the diagram reads it from the exchanges. */
  carries?: string;
  /**
   * The browser's return completes this step by itself (no Continue): 'at-server' happened while the
   * browser was away (the user at the server's pages; the step reports it), 'callback' reads what came back.
   */
  onReturn?: 'at-server' | 'callback';
  run(ctx: StepContext<S>): Promise<StepOutcome>;
}

/**
 * done: the flow may go on to the next step.
 * navigate: the app sends the browser away (to the authorization server); the
 *   flow resumes at the next step when the browser comes back to the app. The
 *   browser leaves on the user's next Continue (they read the request first),
 *   at once when the run goes on by itself.
 *   to: where, in words ("the authorization server"); resendFrom: the step a new
 *   request starts from (default: this step).
 */
type StepOutcome = { kind: 'done' } | { kind: 'navigate'; url: string; to?: string; resendFrom?: string };

/** The steps after `index` that happen while the browser is away (their cards explain them before it leaves). */
export function stepsAtServer<S extends object>(definition: FlowDefinition<S>, index: number): number[] {
  const out: number[] = [];
  for (let i = index + 1; i < definition.steps.length && definition.steps[i].onReturn === 'at-server'; i++) out.push(i);
  return out;
}

export interface StepContext<S extends object> {
  /** The flow's persisted state; change it with setState so it survives redirects. */
  readonly state: Readonly<S>;
  setState(patch: Partial<S>): void;
  /** A fetch whose every call is recorded as an exchange of this step (request and response as sent). */
  fetch: typeof fetch;
  /** Record a front-channel redirect (outgoing or incoming) with its parameters parsed. */
  recordRedirect(url: string, direction: 'outgoing' | 'incoming', note?: string): void;
  addArtifact(artifact: Artifact): void;
  /** The URL the browser landed on when the flow resumed after a redirect (the callback), if any. */
  readonly incomingUrl: string | undefined;
  /** The app's own origin (for redirect URIs). */
  readonly origin: string;
}

export { StepFailure };

interface StepTexts {
  title: string;
  why: string;
}

/**
 * The one way to write a step: a literal with its id, texts, spec links,
 * actors, channel and run, typed by the flow's state. Values from earlier
 * steps are read with need().
 */
export function defineStep<S extends object>(step: StepDefinition<S>): StepDefinition<S> {
  return step;
}

/** A step's title and why in the run's language. */
function stepTexts<S extends object>(step: StepDefinition<S>, state: Readonly<S>): StepTexts {
  return step.texts?.(state) ?? { title: step.title, why: step.why };
}

/** The flow as the page shows it for this run: every step's texts in the run's language. */
export function inRunLanguage<S extends object>(definition: FlowDefinition<S>, state: Readonly<S>): FlowDefinition<S> {
  if (!definition.texts && !definition.steps.some((s) => s.texts)) return definition;
  return { ...definition, ...definition.texts?.(state), steps: definition.steps.map((s) => ({ ...s, ...stepTexts(s, state) })) };
}

/**
 * A value an earlier step put in the state. Missing, it means that step has
 * not run (or ran in another run): the step ends with a clear error naming
 * it, instead of going on with an empty value.
 */
export function need<S extends object, K extends keyof S>(
  state: Readonly<S>,
  key: K,
  producedBy: StepDefinition<S>,
  what: string = String(key),
): NonNullable<S[K]> {
  const value = state[key];
  if (value === undefined || value === null || value === '') {
    const step = stepTexts(producedBy, state).title;
    throw new StepFailure({
      code: 'missing_previous_step',
      message: `This step needs ${what} from the step "${step}", which has not run in this run.`,
      hint: `Run the step "${step}" first: continue the flow from there, or Start over (the set-up is kept).`,
    });
  }
  return value;
}

/** Where the flow runs: against the in-browser mocks, or a real server the user named. */
export type Mode = 'mock' | 'live';

/**
 * What the app needs of each flow folder (src/flows/<flow>/index.ts exports one):
 * the definition, and the state a fresh run starts from. The set-up panel (a
 * React component in the same folder, SetupPanel.tsx) edits that state before
 * the first step; the runner keeps it in sessionStorage so nothing typed is lost.
 */
export interface FlowModule<S extends object> {
  definition: FlowDefinition<S>;
  initialState(env: { origin: string; mode: Mode }): S;
}

/** Props of a flow's set-up panel. `locked` once the run has started. */
export interface SetupPanelProps<S extends object> {
  state: Readonly<S>;
  onChange: (patch: Partial<S>) => void;
  mode: Mode;
  locked: boolean;
  /**
   * The page's fetch, as the steps have it: a mock server's address is answered by the mocks in the page, so a
   * panel reads them (MedMij's lists) before MSW's service worker controls the page, as on a first visit.
   */
  fetch: typeof fetch;
}
