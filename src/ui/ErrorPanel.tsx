import type { StepError } from '../journal/types';
import { SpecLink } from './SpecLinks';

export function ErrorPanel({ error }: { error: StepError }) {
  return (
    <div className="error-panel" role="alert" data-testid="step-error" data-code={error.code}>
      <p className="error-title">
        <code className="error-code">{error.code}</code> <strong className="error-message">{error.message}</strong>
      </p>
      {error.cause && (
        <p className="error-cause">
          <span className="error-label">Why:</span> {error.cause}
        </p>
      )}
      <p className="error-hint">
        <span className="error-label">What to do:</span> {error.hint}
      </p>
      {error.spec && (
        <p className="error-spec">
          <span className="error-label">Spec:</span> <SpecLink link={error.spec} />
        </p>
      )}
    </div>
  );
}
