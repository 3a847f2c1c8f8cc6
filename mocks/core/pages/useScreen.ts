import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { Answered, Screen } from '../page-protocol';
import { mockPageEnv } from './page-env';
import { useFollow } from './useFollow';
import { errorText } from '../../../src/protocol/step-failure';

/**
 * A mock server's page asks its server what to show (`{action:'view'}`) and
 * posts the user's decisions to the same path. A redirect answer is followed
 * as the server's 302 would be (see useFollow).
 */
export type ScreenState<P> =
  | { kind: 'loading' }
  | { kind: 'leaving'; location: string; note?: string }
  | { kind: 'error'; title: string; message: string; hint?: string; status: number; answered?: Answered }
  | { kind: 'page'; page: P; notice?: { title: string; message: string } };

export interface ScreenOptions<P> {
  /** Reads the server's JSON answer as a screen; by default the answer is a `Screen<P>` already. */
  decode?: (body: unknown, status: number) => Screen<P>;
  /** The query that resumes this page where it is (a reload, Back), when the page has one: the address is replaced by it. */
  resumeQuery?: (page: P) => string | undefined;
}

const noAnswer = (e: unknown): ScreenState<never> => ({
  kind: 'error',
  status: 0,
  title: 'No answer',
  message: `The mock server did not answer (${errorText(e)}). Is it running?`,
});

export function useScreen<P>(options: ScreenOptions<P> = {}) {
  const { pathname, search } = useLocation();
  const navigate = useNavigate();
  const follow = useFollow();
  const [state, setState] = useState<ScreenState<P>>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const { decode, resumeQuery } = options;
  // The address whose view this page has asked for: a second run of the effect
  // (StrictMode) or the page's own resume address does not ask again.
  const viewed = useRef<string | undefined>(undefined);

  const post = useCallback(
    async (body: object): Promise<Screen<P>> => {
      const res = await mockPageEnv().fetch(pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ ...body, query: search }),
      });
      const type = res.headers.get('content-type') ?? '';
      if (!type.includes('json')) {
        return {
          kind: 'error',
          status: res.status,
          title: `HTTP ${res.status}`,
          message: 'The mock server did not answer with JSON. Is the mock service worker running?',
        };
      }
      const answer: unknown = await res.json();
      return decode ? decode(answer, res.status) : (answer as Screen<P>);
    },
    [pathname, search, decode],
  );

  const apply = useCallback(
    (screen: Screen<P>, stayOnError: boolean, passThrough = false) => {
      if (screen.kind === 'redirect') {
        setState({ kind: 'leaving', location: screen.location, note: screen.note });
        // A page that answers its own view with a redirect stands for a server's 302: like the 302, it
        // leaves no entry in the history, so Back from the next page does not land here and bounce forward again.
        follow(screen.location, { replace: passThrough });
      } else if (screen.kind === 'page') {
        setState({ kind: 'page', page: screen.page });
        const resume = resumeQuery?.(screen.page);
        if (resume !== undefined && resume !== search) {
          viewed.current = `${pathname}${resume}`;
          void navigate(`${pathname}${resume}`, { replace: true });
        }
      } else if (stayOnError) {
        // A refused decision (a wrong password) keeps the page, with the message.
        setState((s) => (s.kind === 'page' ? { ...s, notice: { title: screen.title, message: screen.message } } : { ...screen }));
      } else {
        setState({ ...screen });
      }
    },
    [follow, navigate, pathname, search, resumeQuery],
  );

  useEffect(() => {
    const here = `${pathname}${search}`;
    if (viewed.current === here) return;
    viewed.current = here;
    setState({ kind: 'loading' });
    post({ action: 'view' })
      // An answer for an address the page has since left is dropped.
      .then((screen) => viewed.current === here && apply(screen, false, true))
      .catch((e: unknown) => viewed.current === here && setState(noAnswer(e)));
  }, [pathname, search, post, apply]);

  const act = useCallback(
    /** Post a decision: an object with its `action` (the page's query is added). */
    async (body: object) => {
      setBusy(true);
      try {
        apply(await post(body), true);
      } catch (e) {
        setState(noAnswer(e));
      } finally {
        setBusy(false);
      }
    },
    [apply, post],
  );

  return { state, act, busy };
}
