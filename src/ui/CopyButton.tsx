import { useEffect, useRef, useState } from 'react';
import { copyText } from './clipboard';

export interface CopyButtonProps {
  value: string;
  /** What is copied, for the accessible name: "Copy <label>". */
  label: string;
  /** Say what is copied on the button itself ("Copy as curl"), where a bare "Copy" would be ambiguous. */
  showLabel?: boolean;
  className?: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

const FEEDBACK_MS = 1500;

export function CopyButton({ value, label, showLabel = false, className }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy() {
    const ok = await copyText(value);
    setState(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), FEEDBACK_MS);
  }

  return (
    <span className="copy">
      <button
        type="button"
        className={`btn btn-copy${className ? ` ${className}` : ''}`}
        aria-label={`Copy ${label}`}
        title={`Copy ${label}`}
        data-state={state}
        onClick={() => void copy()}
      >
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : showLabel ? `Copy ${label}` : 'Copy'}
      </button>
      <span role="status" className="visually-hidden">
        {state === 'copied' ? `${label} copied` : state === 'failed' ? `Could not copy ${label}` : ''}
      </span>
    </span>
  );
}
