import { useEffect, useState } from 'react';

export interface CodeExpiryProps {
  /** When the value arrived (ISO time). */
  since: string;
  /** How long it lives, when the server is known (the mock); otherwise only its age is shown. */
  lifetimeSeconds?: number;
}

/**
 * A live clock on a short-lived value (an authorization code): how long it has
 * left, or how old it is when the server does not say. It ticks once a second
 * until the value has expired, then stops.
 */
export function CodeExpiry({ since, lifetimeSeconds }: CodeExpiryProps) {
  const start = Date.parse(since);
  const [now, setNow] = useState(() => Date.now());
  const age = Math.max(0, Math.floor((now - start) / 1000));
  const left = lifetimeSeconds === undefined ? undefined : Math.max(0, lifetimeSeconds - age);
  const ticking = left === undefined ? age < 3600 : left > 0;
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  if (Number.isNaN(start)) return null;
  if (left === undefined) {
    return (
      <p className="code-expiry" data-testid="code-expiry" data-left="unknown">
        Arrived <strong>{age} s</strong> ago. This server does not say how long its codes live (often 60 s or less).
      </p>
    );
  }
  return (
    <p
      className={`code-expiry${left === 0 ? ' is-expired' : left <= 15 ? ' is-low' : ''}`}
      data-testid="code-expiry"
      data-left={left}
      role="timer"
      aria-live="off"
    >
      {left > 0 ? (
        <>
          Life left if not yet redeemed: <strong>{left} s</strong> of {lifetimeSeconds} s.
        </>
      ) : (
        <>
          Expired {age - (lifetimeSeconds ?? 0)} s ago (it lived {lifetimeSeconds} s): the token exchange will answer invalid_grant unless it already happened.
        </>
      )}
    </p>
  );
}
