import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { FlowRunner } from '../flows/runner';
import type { Journal } from '../journal/types';
import { getMode } from '../app/settings';
import { applyLink, encodeSetup, secretsLeftOut, setupQuery, withSetup, type LinkContext, type SetupLinkSpec, type SetupProblem } from '../app/setup-link';

export interface SetupLinkView {
  /** The address of the current set-up: the flow's path and its set-up parameters (Copy link). */
  href: string;
  /** One line per typed secret the link leaves out. */
  leftOut: string[];
  /** Values of the opened link that could not be used (their defaults were). */
  problems: SetupProblem[];
  /** The opened link's set-up replaced a run in progress in this tab. */
  replacedRun: boolean;
  /** Where a run with this set-up begins, when not here (an EHR launch: the mock EHR). */
  startsAt?: { href: string; text: string; action: string };
  dismissProblems: () => void;
}

/**
 * The set-up in the flow page's URL. Opened with set-up parameters, the page
 * applies them to a fresh run before the first step (a run in progress with
 * another set-up starts over); then, as the user edits the set-up, the address
 * bar follows (a replace navigation; other parameters such as auto and present
 * stay). Call it before the page's ?auto=1 effect: effects run in order, so
 * the link's set-up is in the runner when the run starts. `startingByItself`:
 * the page's run is about to go on by itself, so the address waits for its end.
 */
export function useSetupLink<S extends object>(
  runner: FlowRunner<S>,
  journal: Journal,
  spec: SetupLinkSpec<S> | undefined,
  startingByItself = false,
): SetupLinkView | undefined {
  const location = useLocation();
  const navigate = useNavigate();
  const ctx: LinkContext = useMemo(() => ({ origin: window.location.origin, mode: getMode() }), []);
  const defaults = useMemo(() => runner.module.initialState(ctx), [runner, ctx]);
  const [opened, setOpened] = useState<{ problems: SetupProblem[]; replacedRun: boolean }>({ problems: [], replacedRun: false });
  // A ref, not state: the effect below runs right after this one in the same commit, and needs no render of its own.
  const applied = useRef(false);

  // Once per runner (StrictMode runs effects twice): the link that opened the page.
  const appliedTo = useRef<FlowRunner<S> | undefined>(undefined);
  useEffect(() => {
    if (!spec || appliedTo.current === runner) return;
    appliedTo.current = runner;
    const result = applyLink(runner, spec, new URLSearchParams(location.search), defaults, ctx);
    if (result.problems.length || result.replacedRun) setOpened(result);
    applied.current = true;
    // Only the address the page opened with is a link; later changes of the query are the page's own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runner, spec]);

  // The address bar follows the set-up (the runner's, which may be ahead of this render), when the run is at rest:
  // each change of the address re-renders the whole page, and a run going on by itself changes no set-up field.
  const phase = runner.phase(journal).kind;
  // A run about to go on by itself (the page opened with ?auto=1) is not at rest: the address follows at its end.
  const atRest = (phase === 'ready' && !startingByItself) || phase === 'finished' || phase === 'failed' || (phase === 'paused' && !journal.auto);
  useEffect(() => {
    if (!spec || !applied.current || !atRest) return;
    // The run went on to another page meanwhile (a mock server's page): that navigation wins.
    if (window.location.pathname !== location.pathname) return;
    const search = withSetup(location.search, spec, encodeSetup(spec, runner.state, ctx));
    if (search !== location.search.replace(/^\?/, '')) {
      void navigate({ pathname: location.pathname, search: search ? `?${search}` : '', hash: location.hash }, { replace: true });
    }
  }, [spec, atRest, journal.state, location.pathname, location.search, location.hash, navigate, runner, ctx]);

  if (!spec) return undefined;
  const state = journal.state as S;
  const query = setupQuery(encodeSetup(spec, state, ctx));
  return {
    href: `${ctx.origin}${location.pathname}${query ? `?${query}` : ''}`,
    leftOut: secretsLeftOut(spec, state, defaults, ctx),
    problems: opened.problems,
    replacedRun: opened.replacedRun,
    startsAt: spec.startsAt?.(state, ctx),
    dismissProblems: () => setOpened((o) => ({ ...o, problems: [] })),
  };
}
