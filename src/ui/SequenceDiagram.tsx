import { memo, useLayoutEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { Actor, StepRecord, StepStatus } from '../journal/types';
import { arrowLabel, arrowLabelText, type ArrowLabel } from './arrow-label';
import { activeStepIndex, actorsInFlow } from './format';
import { useChromeText } from './run-language';
import { stepNumber, type StepInfo } from './StepCard';
import './sequence-diagram.css';

export interface SequenceDiagramProps {
  /** A flow definition (only its steps are read). */
  definition: { steps: readonly (StepInfo & { carries?: string })[] };
  records: readonly StepRecord[];
  /** The step to highlight; by default the running, failed or next pending one. */
  activeId?: string;
  /** The rows scroll within a capped height (presenter mode): the list takes the keyboard focus so the keys scroll it too. */
  scrollable?: boolean;
}

const PENDING: StepStatus = { kind: 'pending' };

/**
 * One lane per actor, one row per step: a line from the step's first actor to
 * its last, solid for back-channel calls and dashed for front-channel
 * redirects, coloured by the step's status. Each arrow says what it carries:
 * the request above it and the answer below, read from the step's exchanges
 * once it has run, from the step's `carries` line before.
 */
export function SequenceDiagram({ definition, records, activeId, scrollable }: SequenceDiagramProps) {
  const text = useChromeText();
  // The same lanes array while the definition is the same: the rows' memo compares it.
  const lanes = useMemo(() => actorsInFlow(definition.steps), [definition.steps]);
  const byId = new Map(records.map((record) => [record.id, record]));
  const active = activeId ?? records[activeStepIndex(records)]?.id;

  // Keep the active row in view when the list scrolls on its own (presenter mode caps its height). Only then:
  // reading the sizes forces a layout of the whole page, at every step of a run.
  const list = useRef<HTMLOListElement>(null);
  useLayoutEffect(() => {
    const el = list.current;
    if (!scrollable || !el) return;
    const row = el.querySelector<HTMLElement>('.seq-row.is-active');
    if (!row || el.scrollHeight <= el.clientHeight) return;
    el.scrollTop = row.offsetTop - (el.clientHeight - row.offsetHeight) / 2;
  }, [active, scrollable]);

  return (
    <figure className="sequence" data-testid="sequence-diagram">
      <div className="seq" style={{ '--lanes': lanes.length } as CSSProperties}>
        <div className="seq-row seq-head" aria-hidden="true">
          <span className="seq-label" />
          <span className="seq-actors">
            {lanes.map((actor) => (
              <span key={actor} className={`seq-actor actor-${actor}`} title={`${text.actors[actor]}: ${text.actorDescriptions[actor]}`}>
                {text.actorsShort[actor]}
              </span>
            ))}
          </span>
        </div>
        <ol className="seq-steps" aria-label={text.diagramSteps} ref={list} tabIndex={scrollable ? 0 : undefined}>
          {definition.steps.map((step, index) => (
            <SequenceRow key={step.id} step={step} index={index} record={byId.get(step.id)} active={step.id === active} lanes={lanes} />
          ))}
        </ol>
      </div>
      <figcaption className="seq-legend">
        <span className="seq-key seq-key-back">{text.channels['back-channel']}</span>
        <span className="seq-key seq-key-front">{text.channels['front-channel']}</span>
        <span className="seq-key seq-key-local">{text.channels.local}</span>
        <span className="seq-key status-done">{text.stepStatus.done}</span>
        <span className="seq-key status-running">{text.stepStatus.running}</span>
        <span className="seq-key status-failed">{text.stepStatus.failed}</span>
        <span className="seq-key status-pending">{text.stepStatus.pending}</span>
      </figcaption>
    </figure>
  );
}

type DiagramStep = SequenceDiagramProps['definition']['steps'][number];

/**
 * One step's row. A run changes one step at a time: the other rows keep what
 * they drew (memo), rather than each row's lanes, dots and label being made
 * again at every change of the journal.
 */
const SequenceRow = memo(function SequenceRow({
  step,
  index,
  record,
  active,
  lanes,
}: {
  step: DiagramStep;
  index: number;
  record: StepRecord | undefined;
  active: boolean;
  lanes: readonly Actor[];
}) {
  const text = useChromeText();
  const status = record?.status ?? PENDING;
  const center = (i: number) => `${((i + 0.5) / lanes.length) * 100}%`;
  const positions = step.actors.map((actor) => Math.max(0, lanes.indexOf(actor)));
  const from = positions[0] ?? 0;
  const to = positions[positions.length - 1] ?? from;
  const lo = Math.min(...positions, from);
  const hi = Math.max(...positions, to);
  const label = arrowLabel(step, record);
  const place = hi > lo ? { left: center(lo), width: `${((hi - lo) / lanes.length) * 100}%` } : { left: center(lo) };
  return (
    <li
      className={`seq-row status-${status.kind}${active ? ' is-active' : ''}${label ? ' has-carries' : ''}`}
      data-step={step.id}
      data-status={status.kind}
      aria-current={active ? 'step' : undefined}
    >
      <span className="seq-label" title={step.title}>
        <span className="seq-number">{stepNumber(step, index)}</span> <span className="seq-title">{step.title}</span>
      </span>
      <span className="seq-lanes" aria-hidden="true">
        {lanes.map((actor, i) => (
          <span key={actor} className="seq-lifeline" style={{ left: center(i) }} />
        ))}
        {hi > lo ? (
          <span className={`seq-arrow channel-${step.channel} ${to >= from ? 'points-right' : 'points-left'}`} style={place} />
        ) : (
          <span className={`seq-self channel-${step.channel}`} style={{ left: center(lo) }} />
        )}
        {positions.map((p, i) => (
          <span key={`${p}-${i}`} className="seq-dot" style={{ left: center(p) }} />
        ))}
        {label && <CarriesLabel label={label} place={place} />}
      </span>
      <span className="visually-hidden">
        {`: ${step.actors.map((actor) => text.actors[actor]).join(' → ')}, ${text.channels[step.channel]}, ${text.stepStatus[status.kind]}`}
        {label && `, ${label.source === 'planned' ? 'will carry' : 'carried'} ${arrowLabelText(label)}`}
      </span>
    </li>
  );
});

/**
 * The request above the arrow, the answer below it; over a self-arrow (a step
 * inside one actor) one line beside the loop. Cut with an ellipsis where the
 * arrow is short; the full text is the tooltip.
 */
function CarriesLabel({ label, place }: { label: ArrowLabel; place: { left: string; width?: string } }) {
  const response = label.source === 'recorded' ? label.response : undefined;
  const more = label.source === 'recorded' && label.more > 0 ? ` +${label.more}` : '';
  const self = place.width === undefined;
  return (
    <span
      className={`seq-carries seq-carries-${label.source}${self ? ' seq-carries-self' : ''}`}
      style={{ '--from': place.left, '--span': place.width ?? '0%' } as CSSProperties}
      title={arrowLabelText(label)}
      data-testid="arrow-label"
    >
      <span className="seq-carries-request">
        {label.request}
        {more && <span className="seq-carries-more">{more}</span>}
      </span>
      {response && <span className="seq-carries-response">{response}</span>}
    </span>
  );
}
