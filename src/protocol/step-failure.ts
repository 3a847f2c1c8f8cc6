import type { StepError } from '../journal/types';

/**
 * Throw this from a step (or a protocol helper a step calls) to end the step
 * as failed with a clear message. It lives with the protocol helpers, below
 * the flows, so that both can throw it: the journal records the StepError it
 * carries, the runner catches it.
 */
export class StepFailure extends Error {
  constructor(public readonly error: StepError) {
    super(error.message);
    this.name = 'StepFailure';
  }
}

/**
 * An exception's own words, for a StepError's cause or a failed exchange:
 * its message, after its class when that says more than "Error" ("TypeError:
 * Failed to fetch"), with the reason Node adds to a failed fetch ("connect
 * ECONNREFUSED ..."); anything else as a string.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const named = error.name && error.name !== 'Error';
  const head = !error.message ? error.name : named ? `${error.name}: ${error.message}` : error.message;
  const cause = (error as { cause?: unknown }).cause;
  const because = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : undefined;
  return because ? `${head} (${because})` : head;
}
