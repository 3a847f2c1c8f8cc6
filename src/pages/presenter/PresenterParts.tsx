import type { PresenterPlace } from './presenter-view';
import { useChromeText } from '../../ui/run-language';
import './presenter.css';

/** The header's toggle: presenter mode on or off (the page writes it to the URL as present=1). */
export function PresentToggle({ on, onToggle }: { on: boolean; onToggle: () => void }) {
  const text = useChromeText().presenter;
  return (
    <button type="button" className={`btn btn-secondary present-toggle${on ? ' is-on' : ''}`} aria-pressed={on} onClick={onToggle} data-testid="present-toggle">
      {text.toggle}
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
  const text = useChromeText().presenter;
  return (
    <div className="presenter-bar">
      <p className="presenter-keys" data-testid="presenter-keys">
        <kbd>→</kbd> {text.or} <kbd>Space</kbd> {text.continueKey} · <kbd>←</kbd> {text.backKey} · <kbd>F</kbd> {text.fullScreen}
      </p>
      <p className="presenter-where" aria-live="polite" data-testid="presenter-where">
        {text.where(shown + 1, total, title)}
        {earlier && <span className="presenter-earlier">{text.earlier}</span>}
      </p>
      {earlier && (
        <button type="button" className="btn btn-secondary btn-small" onClick={onBackToCurrent}>
          {text.backTo(focus + 1)}
        </button>
      )}
    </div>
  );
}

/** "Previous step" / "Next step" above a neighbour's heading. */
export function PresenterPlaceLabel({ place }: { place: PresenterPlace }) {
  const text = useChromeText().presenter;
  const label = place === 'previous' ? text.previous : place === 'next' ? text.next : undefined;
  return label ? <p className="presenter-place">{label}</p> : null;
}
