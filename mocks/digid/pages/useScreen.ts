import { useCallback, useEffect, useState } from 'react';
import type { Screen } from '../interactive';

/**
 * A mock server's page asks its server what to show (`{action:'view'}`) and
 * posts the user's decisions to the same path. A redirect answer is followed
 * with a full navigation, as the server's 302 would be.
 */
export type ScreenState<P> =
  | { kind: 'loading' }
  | { kind: 'leaving'; location: string; note?: string }
  | { kind: 'error'; title: string; message: string; hint?: string; status: number }
  | { kind: 'page'; page: P; notice?: { title: string; message: string } };

async function post<P>(body: Record<string, unknown>): Promise<Screen<P>> {
  const res = await fetch(window.location.pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ ...body, query: window.location.search }),
  });
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) {
    return { kind: 'error', status: res.status, title: `HTTP ${res.status}`, message: 'The mock server did not answer with JSON. Is the mock service worker running?' };
  }
  return (await res.json()) as Screen<P>;
}

export function useScreen<P>() {
  const [state, setState] = useState<ScreenState<P>>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);

  const apply = useCallback((screen: Screen<P>, stayOnError: boolean) => {
    if (screen.kind === 'redirect') {
      setState({ kind: 'leaving', location: screen.location, note: screen.note });
      window.location.assign(screen.location);
    } else if (screen.kind === 'page') {
      setState({ kind: 'page', page: screen.page });
    } else if (stayOnError) {
      // A refused decision (a wrong password) keeps the page, with the message.
      setState((s) => (s.kind === 'page' ? { ...s, notice: { title: screen.title, message: screen.message } } : { ...screen }));
    } else {
      setState({ ...screen });
    }
  }, []);

  useEffect(() => {
    let live = true;
    post<P>({ action: 'view' })
      .then((screen) => live && apply(screen, false))
      .catch((e: unknown) => live && setState({ kind: 'error', status: 0, title: 'No answer', message: String(e) }));
    return () => {
      live = false;
    };
  }, [apply]);

  const act = useCallback(
    async (body: Record<string, unknown>) => {
      setBusy(true);
      try {
        apply(await post<P>(body), true);
      } catch (e) {
        setState({ kind: 'error', status: 0, title: 'No answer', message: String(e) });
      } finally {
        setBusy(false);
      }
    },
    [apply],
  );

  return { state, act, busy };
}
