import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { findFlow, type LoadedFlow } from '../flows/registry';
import { FlowRunner } from '../flows/runner';
import { inRunLanguage, stepsAtServer } from '../flows/flow';
import { getMode, servedByMockServer } from '../app/settings';
import { flowPathAfterReturn, runnerNavigation } from '../app/navigation';
import { inPageMocksReady } from '../app/mocks-ready';
import { answerInPage, pageFetch } from '../app/mock-fetch';
import { SequenceDiagram, StepCard } from '../ui';
import { ExportMenu } from './ExportMenu';
import { FlowStatus } from './FlowStatus';
import { useSetupLink } from './useSetupLink';
import { useShownJournal } from './useShownJournal';
import { SetupLinkButton, SetupLinkNotices } from './SetupLink';
import { RunSummary } from './RunSummary';
import { CHROME_TEXT, runLanguage } from '../ui/chrome-text';
import { RunLanguageBoundary } from '../ui/run-language';
import { AwayPanel, LeaveButton } from './LeaveAndReturn';
import { PresentToggle, PresenterBar, PresenterPlaceLabel } from './presenter/PresenterParts';
import { presenterFocus, presenterPlace } from './presenter/presenter-view';
import { toggleFullscreen, usePresenterKeys } from './presenter/usePresenterKeys';
import { usePresentMode } from './presenter/usePresentMode';

export function FlowPage() {
  const { flowId } = useParams();
  const entry = findFlow(flowId);
  const loaded = useQuery({ queryKey: ['flow', flowId], queryFn: () => entry!.load(), enabled: !!entry });
  if (!entry) {
    return (
      <section className="error-panel" role="alert">
        <h1>No flow called “{flowId}”</h1>
        <p>
          Choose one from the <Link to="/">list of flows</Link>.
        </p>
      </section>
    );
  }
  if (loaded.isError) {
    return (
      <section className="error-panel" role="alert">
        <h1>The flow could not be loaded</h1>
        <p>
          <strong>What failed:</strong> {String(loaded.error)}
        </p>
        <p>
          <strong>What to do:</strong> reload the page; if the dev server was restarted, it may have new code.
        </p>
      </section>
    );
  }
  if (!loaded.data) return <p aria-busy="true">Loading {entry.title}…</p>;
  return <FlowView key={entry.id} loaded={loaded.data} />;
}

function FlowView({ loaded }: { loaded: LoadedFlow }) {
  const [search] = useSearchParams();
  const auto = search.get('auto') === '1';
  // Presenter mode (?present=1): the URL says whether it is on, so a link opens a flow ready to show to a room.
  const { present, togglePresent } = usePresentMode(loaded.module.definition.id);
  const navigate = useNavigate();
  // ?auto=1, or "Run to end" chosen before a redirect: run on without pausing (again after each return of the browser).
  const autoStarted = useRef(false);
  const runner = useMemo(() => {
    const mode = getMode();
    const sameDocument = mode === 'mock' && !servedByMockServer();
    const leave = runnerNavigation({
      navigate,
      sameDocument,
      answerHere: sameDocument ? answerInPage : undefined,
      // Back at /callback without a server's page in between: this page takes the return itself, as the
      // callback page would, and stays (it is the page the callback page would show).
      returnHere: (url) => {
        if (!runner.receiveReturn(url)) return undefined;
        // A run going on by itself goes on at once, not a render later (the effect below would start it).
        autoStarted.current = runner.current.auto === true;
        if (autoStarted.current) void runner.runToEnd();
        return flowPathAfterReturn(window.location.href, runner.definition.id, runner.current.auto === true);
      },
    });
    const runner = new FlowRunner(loaded.module, {
      storage: sessionStorage,
      origin: window.location.origin,
      mode,
      ready: inPageMocksReady,
      baseFetch: pageFetch,
      navigate: (url) => void leave(url),
    });
    return runner;
  }, [loaded.module, navigate]);
  const journal = useShownJournal(runner);
  const phase = runner.phase(journal);
  // The run the page opened on, about to go on by itself (?auto=1), draws its set-up and steps with its first drawing
  // (within AUTO_DRAW_INTERVAL_MS, or at its end): drawing them empty first would hold the run up for as long as a
  // full drawing. Another run (Start over, a link's set-up) is drawn as usual.
  const [autoRunId] = useState(() => ((auto || runner.current.auto === true) && runner.phase().kind === 'ready' ? runner.current.runId : undefined));
  const startingByItself = phase.kind === 'ready' && journal.runId === autoRunId;
  // Before the ?auto=1 effect below: a link's set-up is in the runner when the run starts.
  const setupLink = useSetupLink(runner, journal, loaded.setupLink, startingByItself);

  // In mock mode the run goes on to the mock servers' pages in this document: load their code while the first steps run.
  useEffect(() => {
    if (getMode() === 'mock' && !servedByMockServer()) void import('../app/MockPages');
  }, []);
  // The chrome speaks the run's language (MedMij's lang; other flows English), and so do the step texts:
  // worked out again only when the language changes, so the memoized step cards and diagram rows keep their steps.
  const lang = runLanguage(journal.state);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const definition = useMemo(() => inRunLanguage(loaded.module.definition, journal.state), [loaded.module.definition, lang]);
  const text = CHROME_TEXT[lang];
  const { SetupPanel } = loaded;

  // Focus follows the user's Continue to the next step's Continue (the pressed one is gone), so the
  // keyboard goes on with Enter. Only then: focusing on every step forces a layout each time.
  const continuePressed = useRef(false);
  const focusIfContinued = useCallback(
    (button: HTMLButtonElement | null) => {
      if (!button || !continuePressed.current) return;
      continuePressed.current = false;
      // Presenter mode keeps the step in view where it is; the focus goes on without scrolling to the button.
      button.focus({ preventScroll: present });
    },
    [present],
  );
  const pressContinue = () => {
    continuePressed.current = true;
    void runner.runNext();
  };
  useEffect(() => {
    if (autoStarted.current) return;
    if ((auto || journal.auto) && (phase.kind === 'ready' || phase.kind === 'paused' || phase.kind === 'returned')) {
      autoStarted.current = true;
      void runner.runToEnd();
    } else if (phase.kind === 'returned') {
      // The browser came back: the steps that record its return run by themselves, then the run pauses.
      void runner.completeReturn();
    }
  }, [auto, journal.auto, phase.kind, runner]);

  // ?resend=1 (a server page that already answered offers it): a new authorization request, once.
  const resendAsked = search.get('resend') === '1';
  const resent = useRef(false);
  useEffect(() => {
    if (!resendAsked || resent.current) return;
    resent.current = true;
    void runner.resendAuthorization();
    void navigate(`/flows/${runner.definition.id}`, { replace: true });
  }, [resendAsked, runner, navigate]);

  const nextIndex = phase.kind === 'ready' ? 0 : phase.kind === 'paused' ? phase.next : -1;
  const locked = phase.kind !== 'ready';
  // Once the run has started the set-up is locked and nothing in it changes: the panel is not drawn again
  // at every step (the steps' own state, tokens and all, changes all the time).
  const setupState = locked ? undefined : journal.state;
  const setupPanel = useMemo(
    () => SetupPanel && <SetupPanel state={journal.state} onChange={(patch) => runner.updateState(patch)} mode={getMode()} locked={locked} fetch={pageFetch} />,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [SetupPanel, runner, locked, setupState],
  );

  // The step in view: the run's own (focus), or an earlier one the presenter went back to. Going back only shows.
  const focus = presenterFocus(journal.steps);
  const [viewed, setViewed] = useState<number | null>(null);
  const shown = viewed === null ? focus : Math.min(viewed, focus);
  usePresenterKeys(present, {
    next: () => {
      if (shown < focus) return setViewed(shown + 1 === focus ? null : shown + 1);
      setViewed(null);
      pressContinue();
    },
    back: () => setViewed(Math.max(0, shown - 1)),
    fullscreen: () => toggleFullscreen(),
  });
  // A new step in view starts just under the sticky diagram, as a new slide would.
  const page = useRef<HTMLDivElement>(null);
  const lastShown = useRef(shown);
  useLayoutEffect(() => {
    if (!present || lastShown.current === shown) return;
    lastShown.current = shown;
    const bar = page.current?.querySelector('.presenter-bar');
    const sticky = page.current?.querySelector<HTMLElement>('.flow-page > details.sequence');
    if (!bar) return;
    const top = bar.getBoundingClientRect().top + window.scrollY - (sticky?.offsetHeight ?? 0) - 8;
    if (Math.abs(window.scrollY - top) > 4) window.scrollTo({ top: Math.max(0, top) });
  }, [present, shown]);

  return (
    <RunLanguageBoundary lang={lang} what="the flow page" onReset={() => runner.reset()}>
      <div className={present ? 'flow-page presenter' : 'flow-page'} ref={page} lang={lang === 'nl' ? 'nl' : undefined}>
        <header className="flow-header">
          <div>
            <h1>{definition.title}</h1>
            <p className="flow-summary">{definition.summary}</p>
          </div>
          <div className="flow-actions">
            <PresentToggle on={present} onToggle={togglePresent} />
            <button type="button" className="btn btn-secondary" onClick={() => runner.reset()}>
              {text.startOver}
            </button>
            <SetupLinkButton link={setupLink} />
            <ExportMenu journal={journal} definition={definition} />
          </div>
        </header>

        <FlowStatus phase={startingByItself ? { kind: 'running', step: 0 } : phase} />
        <SetupLinkNotices link={setupLink} />
        {phase.kind === 'away' && (
          <AwayPanel
            phase={phase}
            stepTitle={definition.steps[phase.step]?.title ?? ''}
            onResend={() => void runner.resendAuthorization()}
            onStartOver={() => runner.reset()}
          />
        )}

        {!startingByItself && SetupPanel && (
          // Once the run has started the set-up is locked and folded away, one click from view.
          // Presenter mode folds it too: the room sees the steps; the set-up is one click away.
          <details className="setup-panel" open={!locked && !present} key={`${locked}-${present}`}>
            <summary>
              <h2 id="setup-heading">
                {text.setup} {locked && <span className="muted">{text.setupLocked}</span>}
              </h2>
            </summary>
            {setupPanel}
          </details>
        )}

        {!startingByItself && (
          <>
            <details className="sequence" open>
              <summary>{text.sequence}</summary>
              <SequenceDiagram
                definition={definition}
                records={journal.steps}
                activeId={present ? definition.steps[shown]?.id : undefined}
                scrollable={present}
              />
            </details>

            {present && (
              <PresenterBar
                shown={shown}
                focus={focus}
                total={definition.steps.length}
                title={definition.steps[shown]?.title ?? ''}
                onBackToCurrent={() => setViewed(null)}
              />
            )}
            <ol className="steps">
              {definition.steps.map((step, i) => {
                const record = journal.steps[i];
                // Presenter mode: the step in view whole, its neighbours as headings (and the next one's Continue), the rest hidden.
                const place = present ? presenterPlace(i, shown) : undefined;
                const isNext = i === nextIndex;
                const leavingHere = phase.kind === 'leaving' && phase.step === i ? phase : undefined;
                const restart = record.status.kind === 'failed' ? record.status.error.restartFrom : undefined;
                return (
                  <li key={step.id} className={place && `presenter-${place}`} hidden={place === 'hidden'}>
                    {place && <PresenterPlaceLabel place={place} />}
                    <StepCard
                      step={step}
                      record={record}
                      index={i}
                      active={place ? place === 'current' : isNext || !!leavingHere || record.status.kind === 'running' || record.status.kind === 'failed'}
                    >
                      {leavingHere ? (
                        <LeaveButton
                          phase={leavingHere}
                          atServer={stepsAtServer(definition, i).map((n) => definition.steps[n].number ?? String(n + 1))}
                          onLeave={pressContinue}
                          buttonRef={focusIfContinued}
                        />
                      ) : isNext ? (
                        <div className="step-controls">
                          <button type="button" className="btn btn-primary" onClick={pressContinue} ref={focusIfContinued}>
                            {text.continueTo(step.title)}
                          </button>
                          <button type="button" className="btn btn-secondary" onClick={() => void runner.runToEnd()}>
                            {text.runToEnd}
                          </button>
                        </div>
                      ) : record.status.kind === 'failed' ? (
                        <div className="step-controls">
                          {restart && (
                            // The remedy is an earlier step again (a new code): keep the set-up and what came before.
                            <button type="button" className="btn btn-primary" onClick={() => runner.restartFrom(restart.stepId)}>
                              {restart.label}
                            </button>
                          )}
                          <button type="button" className="btn btn-secondary" onClick={() => runner.reset()}>
                            {text.startOverKept}
                          </button>
                        </div>
                      ) : undefined}
                    </StepCard>
                  </li>
                );
              })}
            </ol>
          </>
        )}
        {/* Mounted before the run ends, so it knows the run ended here and takes the focus. */}
        <RunSummary journal={journal} definition={definition} finished={phase.kind === 'finished'} />
      </div>
    </RunLanguageBoundary>
  );
}
