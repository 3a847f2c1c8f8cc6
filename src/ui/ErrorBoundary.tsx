import { Component, type ErrorInfo, type ReactNode } from 'react';

export interface ErrorBoundaryProps {
  children?: ReactNode;
  /** What this boundary wraps, for the message ("the flow page"). */
  what?: string;
  /** Clear whatever state caused the failure (the run in sessionStorage); the boundary then renders its children again. */
  onReset?: () => void;
}

interface ErrorBoundaryState {
  error: Error | null;
  componentStack: string | null;
}

/** Catches a render error below it and says what failed, so the user never sees a blank page. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null, componentStack: null };

  static getDerivedStateFromError(error: unknown): Partial<ErrorBoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('The page failed to render', error, info.componentStack);
    this.setState({ componentStack: info.componentStack ?? null });
  }

  private startOver = () => {
    this.props.onReset?.();
    this.setState({ error: null, componentStack: null });
  };

  override render() {
    const { error, componentStack } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="card error-boundary" role="alert" data-testid="error-boundary">
        <h2>Something went wrong while showing {this.props.what ?? 'this page'}</h2>
        <p>
          <strong>{error.name}:</strong> <code className="wrap">{error.message}</code>
        </p>
        <p>Reloading keeps your run (it is stored in this tab). If the same error comes back, start over: that clears the run and begins the flow again.</p>
        <div className="button-row">
          <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
            Reload
          </button>
          <button type="button" className="btn btn-danger" onClick={this.startOver}>
            Start over
          </button>
        </div>
        {(error.stack || componentStack) && (
          <details>
            <summary>Technical details</summary>
            <pre className="code-block" tabIndex={0}>
              <code>
                {error.stack}
                {componentStack ? `\n\nComponent stack:${componentStack}` : ''}
              </code>
            </pre>
          </details>
        )}
      </div>
    );
  }
}
