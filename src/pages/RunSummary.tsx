import { useCallback, useMemo, useState } from 'react';
import type { FlowDefinition } from '../flows/flow';
import type { Journal } from '../journal/types';
import { summarizeRun, type Proof } from '../journal/summary';
import type { ChromeText } from '../ui/chrome-text';
import { formatDuration } from '../ui/format';
import { useChromeText } from '../ui/run-language';
import { ExportMenu } from './ExportMenu';

/**
 * Shown once the run has finished: what it obtained (tokens, launch context,
 * data) and what its checks proved, with the export buttons. When the run
 * finishes while the page is open, focus moves here so a keyboard or screen
 * reader user meets the outcome; a page opened on a finished run keeps its place.
 */
export function RunSummary({
  journal,
  definition,
  finished,
}: {
  journal: Journal;
  definition: FlowDefinition<never> | FlowDefinition<object>;
  finished: boolean;
}) {
  // Decided once, when the page shows the run: was it still going?
  const [focusWhenDone] = useState(() => !finished);
  if (!finished) return null;
  return <Summary journal={journal} definition={definition} focus={focusWhenDone} />;
}

/**
 * Scrolls the summary's heading to the top of the view (the summary is often taller than the window) and keeps it
 * there while the step cards above it settle: a card is laid out only once it comes near the view
 * (content-visibility), and then takes its real height instead of its placeholder's, which pushed the summary out of
 * view after focus() had scrolled to it. Until the user scrolls, clicks or types, or some 120 frames have been drawn.
 */
function keepInView(el: HTMLElement): () => void {
  const show = () => el.scrollIntoView({ block: 'start' });
  show();
  const page = el.parentElement;
  if (!page || typeof ResizeObserver === 'undefined') return () => {};
  const observer = new ResizeObserver(show);
  let frames = 0;
  let frame = 0;
  const count = () => {
    frame = ++frames < 120 ? requestAnimationFrame(count) : (stop(), 0);
  };
  const stop = () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
    for (const type of USER_MOVES) window.removeEventListener(type, stop, true);
  };
  observer.observe(page);
  frame = requestAnimationFrame(count);
  for (const type of USER_MOVES) window.addEventListener(type, stop, { capture: true, passive: true });
  return stop;
}
const USER_MOVES = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;

function Summary({ journal, definition, focus }: { journal: Journal; definition: FlowDefinition<never> | FlowDefinition<object>; focus: boolean }) {
  const text = useChromeText();
  const t = text.summary;
  const summary = useMemo(() => summarizeRun(journal), [journal]);
  // The element mounts once per finish; focusing it twice (StrictMode) is harmless.
  const focusOnMount = useCallback(
    (el: HTMLElement | null) => {
      if (!focus || !el) return;
      el.focus({ preventScroll: true });
      return keepInView(el);
    },
    [focus],
  );

  return (
    <section className="card run-summary" data-testid="run-summary" aria-labelledby="run-summary-title" tabIndex={-1} ref={focusOnMount}>
      <h2 id="run-summary-title">{t.heading}</h2>
      <div className="run-summary-grid">
        <section aria-labelledby="run-summary-obtained">
          <h3 id="run-summary-obtained">{t.obtained}</h3>
          <h4>{t.tokens}</h4>
          {summary.tokens.length === 0 ? (
            <p className="muted">{t.nothing}</p>
          ) : (
            <ul className="run-summary-list" data-testid="summary-tokens">
              {summary.tokens.map((token) => (
                <li key={token.name} data-token={token.name}>
                  <code>{token.name}</code>
                  {token.lifetimeSeconds !== undefined && (
                    <>
                      {' '}
                      — {t.lifetime}: {formatDuration(token.lifetimeSeconds * 1000)}
                    </>
                  )}
                  {token.refreshed && <span className="muted"> ({t.refreshed})</span>}
                  {token.scopes && token.scopes.length > 0 && (
                    <div className="run-summary-scopes">
                      {t.scopes}:{' '}
                      {token.scopes.map((scope) => (
                        <code key={scope}>{scope}</code>
                      ))}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
          {summary.context.length > 0 && (
            <>
              <h4>{t.context}</h4>
              <dl className="run-summary-context" data-testid="summary-context">
                {summary.context.map((c) => (
                  <div key={c.name}>
                    <dt>{c.name}</dt>
                    <dd>
                      <code>{c.value}</code>
                    </dd>
                  </div>
                ))}
              </dl>
            </>
          )}
          <h4>{t.data}</h4>
          {summary.data.length === 0 ? (
            <p className="muted">{t.nothing}</p>
          ) : (
            <ul className="run-summary-list" data-testid="summary-data">
              {summary.data.map((d, i) =>
                d.kind === 'patient' ? (
                  <li key={i}>{t.patientRead(d.name)}</li>
                ) : (
                  <li key={i}>{d.counts.map((c) => t.resources(c.count, c.resourceType)).join(', ')}</li>
                ),
              )}
            </ul>
          )}
        </section>
        <section aria-labelledby="run-summary-proved">
          <h3 id="run-summary-proved">{t.proved}</h3>
          {summary.proofs.length === 0 ? (
            <p className="muted">{t.nothing}</p>
          ) : (
            <ul className="check-list run-summary-proofs" data-testid="summary-proofs">
              {summary.proofs.map((proof, i) => (
                <ProofItem key={i} proof={proof} text={text} />
              ))}
            </ul>
          )}
        </section>
      </div>
      <div className="run-summary-export">
        <span>{t.exports}:</span> <ExportMenu journal={journal} definition={definition} />
      </div>
    </section>
  );
}

function proofOk(proof: Proof): boolean {
  switch (proof.kind) {
    case 'compare':
      return proof.equal;
    case 'pkce':
      return proof.ok;
    case 'signature':
      return proof.status === 'valid';
    case 'claim':
      return proof.check.ok;
    case 'checks':
      return proof.failed.length === 0;
  }
}

function proofText(proof: Proof, t: ChromeText['summary']): string {
  switch (proof.kind) {
    case 'compare':
      return t.compare(proof.label, proof.sentLabel, proof.returnedLabel, proof.equal);
    case 'pkce':
      return t.pkce(proof.ok);
    case 'signature':
      return t.signature(proof.token, proof.status === 'valid', proof.detail);
    case 'claim':
      return t.claim(proof.token, proof.check.name, proof.check.detail);
    case 'checks':
      return t.checks(proof.label, proof.passed, proof.total) + (proof.failed.length ? ` (${t.failedChecks(proof.failed.join(', '))})` : '');
  }
}

function ProofItem({ proof, text }: { proof: Proof; text: ChromeText }) {
  const ok = proofOk(proof);
  return (
    <li className={`check ${ok ? 'check-ok' : 'check-bad'}`} data-proof={proof.kind} data-ok={ok}>
      <span className="check-mark" role="img" aria-label={ok ? text.summary.passed : text.summary.failed}>
        {ok ? '✓' : '✗'}
      </span>{' '}
      <span>{proofText(proof, text.summary)}</span>
    </li>
  );
}
