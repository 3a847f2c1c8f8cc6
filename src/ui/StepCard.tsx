import { memo, useState, type ReactNode } from 'react';
import type { StepDefinition } from '../flows/flow';
import type { StepRecord } from '../journal/types';
import { ActorChip } from './ActorChip';
import { ArtifactView } from './ArtifactView';
import { ChannelTag } from './ChannelTag';
import { ErrorPanel } from './ErrorPanel';
import { ExchangeView } from './ExchangeView';
import { SpecLinks } from './SpecLinks';
import { StatusBadge } from './StatusBadge';
import { InlineCode } from './InlineCode';
import { useChromeText } from './run-language';
import type { ChromeText } from './chrome-text';

/** What a card shows of a step: everything but `run`, so a step of any flow's state fits. */
export type StepInfo = Pick<StepDefinition, 'id' | 'number' | 'title' | 'why' | 'spec' | 'actors' | 'channel'>;

export interface StepCardProps {
  step: StepInfo;
  record: StepRecord;
  index: number;
  /** The step the user is at: highlighted and always open. */
  active: boolean;
  /** Passed to the scopes artifact to explain each scope. */
  describeScope?: (scope: string) => string;
  /** Controls below the step, such as the Continue button. */
  children?: ReactNode;
}

export function stepNumber(step: Pick<StepInfo, 'number'>, index: number): string {
  return step.number ?? String(index + 1);
}

// Records are immutable: a card whose record did not change need not render again
// while a later step of the same run adds exchanges (long journals stay fast).
export const StepCard = memo(function StepCard({ step, record, index, active, describeScope, children }: StepCardProps) {
  const text = useChromeText();
  const kind = record.status.kind;
  const titleId = `step-title-${step.id}`;
  const showMeta = kind !== 'pending' || active;
  return (
    <section
      className={`card step-card status-${kind}${active ? ' is-active' : ''}`}
      aria-labelledby={titleId}
      aria-current={active ? 'step' : undefined}
      aria-busy={kind === 'running' || undefined}
      data-testid={`step-${step.id}`}
      data-status={kind}
    >
      <header className="step-head">
        <span className="step-number" aria-hidden="true">
          {stepNumber(step, index)}
        </span>
        <h3 id={titleId} className="step-title">
          <span className="visually-hidden">{text.stepPrefix(stepNumber(step, index))}</span>
          {step.title}
        </h3>
        <StatusBadge status={record.status} />
      </header>
      <p className="step-why">
        <InlineCode text={step.why} />
      </p>
      {showMeta && (
        <div className="step-meta">
          <span className="step-actors" role="group" aria-label={text.whoTakesPart}>
            {step.actors.map((actor) => (
              <ActorChip key={actor} actor={actor} />
            ))}
          </span>
          <ChannelTag channel={step.channel} />
          <SpecLinks links={step.spec} />
        </div>
      )}
      {kind === 'done' && !active ? (
        <CollapsibleDetails record={record} describeScope={describeScope} />
      ) : (
        kind !== 'pending' && <StepDetails record={record} describeScope={describeScope} />
      )}
      {children !== undefined && children !== null && <div className="step-actions">{children}</div>}
    </section>
  );
});

function summaryText(record: StepRecord, text: ChromeText): string {
  const w = record.artifacts.filter((artifact) => artifact.kind === 'warning').length;
  return text.details(record.exchanges.length, record.artifacts.length - w, w);
}

/** A finished step starts open (what just happened is worth reading) and folds away on demand. */
function CollapsibleDetails({ record, describeScope }: { record: StepRecord; describeScope?: (scope: string) => string }) {
  const [open, setOpen] = useState(true);
  const text = useChromeText();
  return (
    <details className="step-details" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summaryText(record, text)}</summary>
      <StepDetails record={record} describeScope={describeScope} />
    </details>
  );
}

function StepDetails({ record, describeScope }: { record: StepRecord; describeScope?: (scope: string) => string }) {
  const { status, exchanges, artifacts } = record;
  const text = useChromeText();
  return (
    <div className="step-body">
      {status.kind === 'failed' && <ErrorPanel error={status.error} />}
      {status.kind === 'running' && exchanges.length === 0 && artifacts.length === 0 && <p className="muted step-running">{text.working}</p>}
      {/* Warnings come first: a step that went on despite a problem must not look like a clean pass. */}
      {artifacts.map((artifact, i) => (artifact.kind === 'warning' ? <ArtifactView key={`warning-${i}`} artifact={artifact} /> : null))}
      {exchanges.map((exchange) => (
        <ExchangeView key={exchange.id} exchange={exchange} />
      ))}
      {artifacts.map((artifact, i) =>
        artifact.kind === 'warning' ? null : <ArtifactView key={`${artifact.kind}-${i}`} artifact={artifact} describe={describeScope} />,
      )}
    </div>
  );
}
