import { useEffect, useRef, useState } from 'react';
import { copyText } from './clipboard';
import { useChromeText } from './run-language';

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
  const text = useChromeText().copy;
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
        aria-label={text.named(label)}
        title={text.named(label)}
        data-state={state}
        onClick={() => void copy()}
      >
        {state === 'copied' ? text.copied : state === 'failed' ? text.failed : showLabel ? text.named(label) : text.bare}
      </button>
      <span role="status" className="visually-hidden">
        {state === 'copied' ? text.copiedStatus(label) : state === 'failed' ? text.failedStatus(label) : ''}
      </span>
    </span>
  );
}
