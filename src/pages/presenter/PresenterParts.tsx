import type { PresenterPlace } from './presenter-view';
import './presenter.css';

/** The header's toggle: presenter mode on or off (the page writes it to the URL as present=1). */
export function PresentToggle({ on, onToggle }: { on: boolean; onToggle: () => void }) {
  return (
    <button type="button" className={`btn btn-secondary present-toggle${on ? ' is-on' : ''}`} aria-pressed={on} onClick={onToggle} data-testid="present-toggle">
      Present
    </button>
  );
}

/**
 * Above the step in view: the keys, which step is in view (announced when it
 * changes), and, while an earlier step is in view, the way back to the current one.
 */
export function PresenterBar({
  shown,
  focus,
  total,
  title,
  onBackToCurrent,
}: {
  shown: number;
  focus: number;
  total: number;
  title: string;
  onBackToCurrent: () => void;
}) {
  const earlier = shown < focus;
  return (
    <div className="presenter-bar">
      <p className="presenter-keys" data-testid="presenter-keys">
        <kbd>→</kbd> or <kbd>Space</kbd> continue · <kbd>←</kbd> back · <kbd>F</kbd> full screen
      </p>
      <p className="presenter-where" aria-live="polite" data-testid="presenter-where">
        Step {shown + 1} of {total}: {title}
        {earlier && <span className="presenter-earlier"> (an earlier step: nothing runs again)</span>}
      </p>
      {earlier && (
        <button type="button" className="btn btn-secondary btn-small" onClick={onBackToCurrent}>
          Back to step {focus + 1}
        </button>
      )}
    </div>
  );
}

const PLACE_LABELS: Partial<Record<PresenterPlace, string>> = { previous: 'Previous step', next: 'Next step' };

/** "Previous step" / "Next step" above a neighbour's heading. */
export function PresenterPlaceLabel({ place }: { place: PresenterPlace }) {
  const label = PLACE_LABELS[place];
  return label ? <p className="presenter-place">{label}</p> : null;
}
