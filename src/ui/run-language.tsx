import { createContext, useContext } from 'react';
import { CHROME_TEXT, type ChromeLang, type ChromeText } from './chrome-text';
import { ErrorBoundary, type ErrorBoundaryProps } from './ErrorBoundary';

/**
 * The language of the run on screen, provided by the flow page from the run's
 * state (MedMij's `lang`; other flows are English). The chrome components read
 * their words from it; outside a flow page it is English.
 */
const RunLanguage = createContext<ChromeLang>('en');

/** The run's language: the chrome's, and that of any text the page picks from a pair (a set-up link's problems). */
export function useRunLanguage(): ChromeLang {
  return useContext(RunLanguage);
}

/** The chrome's words in the run's language. */
export function useChromeText(): ChromeText {
  return CHROME_TEXT[useRunLanguage()];
}

/** The flow page's frame: its error boundary, inside the run's language (one wrapper, so the page needs no extra nesting). */
export function RunLanguageBoundary({ lang, ...boundary }: ErrorBoundaryProps & { lang: ChromeLang }) {
  return (
    <RunLanguage value={lang}>
      <ErrorBoundary {...boundary} />
    </RunLanguage>
  );
}
