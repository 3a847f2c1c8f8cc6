import type { Actor, Artifact, Channel, SpecLink } from '../journal/types';

/**
 * A flow is a named sequence of steps, written as plain TypeScript: no React.
 * The runner (src/flows/runner.ts) performs one step at a time, records what it
 * did in the journal, and pauses in between unless the user asked to run on.
 */
export interface FlowDefinition<S extends object = Record<string, unknown>> {
  id: string;
  title: string;
  summary: string;
  steps: StepDefinition<S>[];
}

export interface StepDefinition<S extends object = Record<string, unknown>> {
  id: string;
  /** Numbered as the spec numbers it, where it does (MedMij's 16 steps). */
  number?: string;
  title: string;
  /** Two or three sentences: why this step exists. */
  why: string;
  spec: SpecLink[];
  actors: Actor[];
  channel: Channel;
  run(ctx: StepContext<S>): Promise<StepOutcome>;
}

/**
 * done: the flow may go on to the next step.
 * navigate: the app sends the browser away (to the authorization server); the
 *   flow resumes at the next step when the browser comes back to the app.
 */
export type StepOutcome = { kind: 'done' } | { kind: 'navigate'; url: string };

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

export { StepFailure } from '../protocol/step-failure';

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
  onChange(patch: Partial<S>): void;
  mode: Mode;
  locked: boolean;
}
