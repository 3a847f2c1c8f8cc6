import type { SpecLink } from '../journal/types';
import { useChromeText } from './run-language';

/** Spec references open in a new tab so the run on screen is never lost. */
export function SpecLink({ link }: { link: SpecLink }) {
  return (
    <a className="spec-link" href={link.url} target="_blank" rel="noopener noreferrer">
      {link.label}
      <span aria-hidden="true"> ↗</span>
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}

export function SpecLinks({ links }: { links: readonly SpecLink[] }) {
  const text = useChromeText();
  if (links.length === 0) return null;
  return (
    <ul className="spec-links" aria-label={text.specification}>
      {links.map((link) => (
        <li key={link.url + link.label}>
          <SpecLink link={link} />
        </li>
      ))}
    </ul>
  );
}
