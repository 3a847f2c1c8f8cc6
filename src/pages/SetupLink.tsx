import { Link } from 'react-router';
import { CopyButton } from '../ui/CopyButton';
import { useChromeText, useRunLanguage } from '../ui/run-language';
import { linkText } from '../app/setup-link';
import type { SetupLinkView } from './useSetupLink';
import './setup-link.css';

/** "Copy link" in the flow header: the address of the current set-up. */
export function SetupLinkButton({ link }: { link: SetupLinkView | undefined }) {
  const text = useChromeText().setupLink;
  if (!link) return null;
  return (
    <span className="setup-link-copy">
      <CopyButton value={link.href} label={text.copy} showLabel className="btn-secondary" />
    </span>
  );
}

/**
 * Under the header: the typed secret Copy link leaves out, what the opened link
 * did (the run it replaced, the values it could not use), and where an EHR launch begins.
 */
export function SetupLinkNotices({ link }: { link: SetupLinkView | undefined }) {
  const text = useChromeText().setupLink;
  const lang = useRunLanguage();
  if (!link) return null;
  return (
    <>
      {link.leftOut.map((note) => (
        <p key={note} className="setup-link-note" data-testid="setup-link-note">
          {note}
        </p>
      ))}
      {link.replacedRun && (
        <p className="setup-link-replaced" role="status" data-testid="setup-link-replaced">
          {text.replaced}
        </p>
      )}
      {link.problems.length > 0 && (
        <section className="error-panel setup-link-problems" role="alert" aria-labelledby="setup-link-problems-title" data-testid="setup-link-problems">
          <h2 id="setup-link-problems-title">{text.problemsTitle}</h2>
          <ul>
            {link.problems.map((p) => (
              <li key={p.param}>
                <code>
                  {p.param}={p.value}
                </code>
                : {linkText(p.why, lang)}. <strong>{text.accepted}</strong> {linkText(p.accepted, lang)}. {text.usesDefault}
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn-secondary btn-small" onClick={link.dismissProblems}>
            {text.dismiss}
          </button>
        </section>
      )}
      {link.startsAt && (
        <p className="setup-link-start" data-testid="setup-link-start">
          {link.startsAt.text} <Link to={link.startsAt.href}>{link.startsAt.action}</Link>
        </p>
      )}
    </>
  );
}
