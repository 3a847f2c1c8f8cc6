import { useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { WEAKENING_INFO } from '../../../mocks/public';
import { pageFetch } from '../../app/mock-fetch';
import { inPageMocksReady } from '../../app/mocks-ready';
import { runLab, type Defence, type Lab, type LabRun, type LabStepRecord } from '../../labs/lab';
import { defenceFromSearch, findLab } from '../../labs/registry';
import { ExchangeView } from '../../ui';
import { ArtifactView } from '../../ui/ArtifactView';
import { SpecLink } from '../../ui/SpecLinks';
import { MockModeNote } from './MockModeNote';
import './labs.css';

/**
 * /labs/:labId?defence=on|off: one attack lab. The story, the defence switch
 * (kept in the URL, so a teacher can link either position), Run, each step
 * with what was really sent, and the outcome: succeeded or refused, why, the
 * RFC 9700 section and the line that prevents it.
 */
export function LabPage() {
  const { labId } = useParams();
  const [search, setSearch] = useSearchParams();
  const lab = findLab(labId);
  const inUrl = defenceFromSearch(search);
  // The switch shows a click at once; the URL follows with the router's navigation, which is drawn a moment later
  // (a transition). When the URL changes by other means (Back, a link to the other position), the URL wins.
  const [chosen, setChosen] = useState({ inUrl, defence: inUrl });
  if (chosen.inUrl !== inUrl) setChosen({ inUrl, defence: inUrl });
  const defence = chosen.inUrl === inUrl ? chosen.defence : inUrl;
  if (!lab) {
    return (
      <section className="labs-page" role="alert">
        <h1>No attack lab “{labId}”</h1>
        <p>
          See the <Link to="/labs">list of attack labs</Link>.
        </p>
      </section>
    );
  }
  const setDefence = (d: Defence) => {
    setChosen((c) => ({ ...c, defence: d }));
    void setSearch((s) => ({ ...Object.fromEntries(s), defence: d }), { replace: true });
  };
  // A new lab or switch position starts a fresh run (the key resets it).
  return <LabView key={`${lab.id}:${defence}`} lab={lab} defence={defence} onDefence={setDefence} />;
}

type RunState = { kind: 'idle' } | { kind: 'running'; steps: LabStepRecord[] } | { kind: 'finished'; run: LabRun };

function LabView({ lab, defence, onDefence }: { lab: Lab<never>; defence: Defence; onDefence: (d: Defence) => void }) {
  const [state, setState] = useState<RunState>({ kind: 'idle' });
  const outcomeHeading = useRef<HTMLHeadingElement>(null);

  async function run() {
    setState({ kind: 'running', steps: [] });
    await inPageMocksReady();
    const result = await runLab(lab, {
      defence,
      fetch: pageFetch,
      origin: window.location.origin,
      onStep: (steps) => setState({ kind: 'running', steps }),
    });
    setState({ kind: 'finished', run: result });
    requestAnimationFrame(() => outcomeHeading.current?.focus());
  }

  const steps = state.kind === 'running' ? state.steps : state.kind === 'finished' ? state.run.steps : [];
  return (
    <article className="labs-page lab-page" data-testid="lab" data-lab={lab.id} data-defence={defence}>
      <p className="lab-back">
        <Link to="/labs">All attack labs</Link>
      </p>
      <h1>{lab.title}</h1>
      <p className="lab-story">{lab.story}</p>
      <MockModeNote />

      <section className="card lab-controls" aria-labelledby="lab-defence-title">
        <h2 id="lab-defence-title">Defence: {lab.defence.label}</h2>
        <fieldset className="lab-switch">
          <legend>
            Defence: <strong>{defence}</strong>
          </legend>
          {(['off', 'on'] as const).map((d) => (
            <label key={d} className={`lab-switch-option${d === defence ? ' is-chosen' : ''}`}>
              <input type="radio" name="defence" value={d} checked={d === defence} onChange={() => onDefence(d)} disabled={state.kind === 'running'} />
              <span>
                <strong>{d === 'on' ? 'On' : 'Off'}</strong>: {d === 'on' ? lab.defence.on : lab.defence.off}
              </span>
            </label>
          ))}
        </fieldset>
        {lab.weakening ? (
          <p className="lab-weakening">
            Off is a switch of the mock server itself, in the scenario of its URL: <code>weaken: ["{lab.weakening}"]</code>.{' '}
            {WEAKENING_INFO[lab.weakening].turnsOff} Its discovery document says so (<code>x-playground-weakened</code>).
          </p>
        ) : (
          <p className="lab-weakening">The defence is the app’s own check: the server is the same in both runs.</p>
        )}
        <button type="button" className="btn btn-primary" onClick={() => void run()} disabled={state.kind === 'running'} data-testid="lab-run">
          {state.kind === 'running' ? 'Running…' : state.kind === 'finished' ? 'Run again' : `Run with the defence ${defence}`}
        </button>
      </section>

      <section aria-labelledby="lab-steps-title">
        <h2 id="lab-steps-title">Steps</h2>
        <ol className="lab-steps">
          {lab.steps.map((step, i) => {
            const record = steps.find((s) => s.id === step.id);
            return (
              <li key={step.id}>
                <LabStepView title={step.title} why={step.why} actor={step.actor} move={step.move(defence)} record={record} number={i + 1} />
              </li>
            );
          })}
        </ol>
      </section>

      <section className="lab-outcome-region" aria-labelledby="lab-outcome-title" aria-live="polite">
        <h2 id="lab-outcome-title" ref={outcomeHeading} tabIndex={-1}>
          Outcome
        </h2>
        {state.kind === 'finished' ? (
          <Outcome lab={lab} run={state.run} />
        ) : (
          <p className="muted">{state.kind === 'running' ? 'Running the lab…' : 'Press Run to play the attack.'}</p>
        )}
      </section>
    </article>
  );
}

const STATUS_TEXT: Record<LabStepRecord['status']['kind'], string> = { done: 'done', skipped: 'check switched off', refused: 'refused', failed: 'failed' };

function LabStepView(props: { title: string; why: string; actor: string; move: string; record: LabStepRecord | undefined; number: number }) {
  const { record } = props;
  const status = record?.status;
  return (
    <section
      className={`card lab-step status-${status?.kind ?? 'pending'}`}
      data-testid={`lab-step-${record?.id ?? 'pending'}`}
      data-status={status?.kind ?? 'pending'}
    >
      <h3>
        <span className="lab-step-number">{props.number}.</span> {props.title}
        {status && <span className={`badge lab-badge-${status.kind}`}>{STATUS_TEXT[status.kind]}</span>}
      </h3>
      <p className="lab-step-actor">
        <span className="chip">{props.actor}</span>
      </p>
      <p>{props.why}</p>
      <p className="lab-move">
        <strong>The move:</strong> {props.move}
      </p>
      {status &&
        (status.kind === 'failed' ? (
          <div className="lab-step-result lab-failed" role="alert">
            <p>
              <strong>{status.message}</strong>
            </p>
            <p>{status.hint}</p>
          </div>
        ) : (
          <p className={`lab-step-result lab-result-${status.kind}`}>
            {status.summary}
            {status.kind === 'refused' && (
              <>
                {' '}
                <code>{status.error}</code>
                {status.description ? `: ${status.description}` : ''}
              </>
            )}
          </p>
        ))}
      {record && record.exchanges.length > 0 && (
        <div className="lab-exchanges">
          <h4>What was sent ({record.exchanges.length})</h4>
          {record.exchanges.map((e) => (
            <ExchangeView key={e.id} exchange={e} />
          ))}
        </div>
      )}
      {record && record.artifacts.map((a, i) => <ArtifactView key={`${a.kind}-${i}`} artifact={a} />)}
    </section>
  );
}

function Outcome({ lab, run }: { lab: Lab<never>; run: LabRun }) {
  const { outcome } = run;
  if (outcome.kind === 'lab-failed') {
    return (
      <div className="lab-outcome lab-outcome-failed" data-testid="lab-outcome" data-outcome={outcome.kind} role="alert">
        <p className="lab-verdict">The lab could not finish.</p>
        <p>{outcome.message}</p>
        <p>{outcome.hint}</p>
      </div>
    );
  }
  const succeeded = outcome.kind === 'attack-succeeded';
  return (
    <div className={`lab-outcome ${succeeded ? 'lab-outcome-succeeded' : 'lab-outcome-refused'}`} data-testid="lab-outcome" data-outcome={outcome.kind}>
      <p className="lab-verdict">
        {succeeded ? (
          'The attack succeeded.'
        ) : (
          <>
            The attack was refused: <code data-testid="lab-error">{outcome.error}</code>
          </>
        )}
      </p>
      <p>{outcome.summary}</p>
      {!succeeded && outcome.description && (
        <p>
          Reason: <q>{outcome.description}</q>
        </p>
      )}
      <h3>Why</h3>
      <p>{succeeded ? lab.explain.succeeded : lab.explain.refused}</p>
      <h3>The spec</h3>
      <ul className="lab-specs">
        {[lab.spec, ...(lab.moreSpecs ?? [])].map((s) => (
          <li key={s.url + s.label}>
            <SpecLink link={s} />
          </li>
        ))}
      </ul>
      <h3>What prevents it</h3>
      <ul className="lab-prevention">
        {lab.prevention.map((p) => (
          <li key={p.where}>
            <p>
              <strong>{p.step}</strong>
            </p>
            <p>
              <code className="wrap">{p.where}</code>
            </p>
            <p>{p.what}</p>
          </li>
        ))}
      </ul>
      {succeeded ? (
        <p>
          <Link to={`/labs/${lab.id}?defence=on`}>Switch the defence on and run it again</Link>
        </p>
      ) : (
        run.defence === 'on' && (
          <p>
            <Link to={`/labs/${lab.id}?defence=off`}>Switch the defence off to see the attack work</Link>
          </p>
        )
      )}
    </div>
  );
}
