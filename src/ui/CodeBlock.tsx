import type { ReactNode } from 'react';

/** A monospace block that wraps long tokens and scrolls when long; focusable so the keyboard can scroll it. */
export function CodeBlock({ children, label, className }: { children: ReactNode; label: string; className?: string }) {
  return (
    <pre className={`code-block${className ? ` ${className}` : ''}`} tabIndex={0} role="group" aria-label={label}>
      <code>{children}</code>
    </pre>
  );
}
