import type { ConsentPage as ConsentData } from '../consent';
import { ScreenStatus } from '../../core/pages/ScreenStatus';
import { useScreen } from '../../core/pages/useScreen';

/** The Toestemmingsverklaring: the person allows or refuses, at the zorgaanbieder's authorization server. */
export function ConsentPage() {
  const { state, act, busy } = useScreen<ConsentData>();
  if (state.kind !== 'page') {
    return (
      <main className="mock-page medmij">
        <Banner />
        <ScreenStatus state={state} />
      </main>
    );
  }
  const { page } = state;
  return (
    <main className="mock-page medmij" lang="nl">
      <Banner />
      <h1>Toestemming (consent) — {page.zorgaanbieder}</h1>
      <p data-testid="consent-question">{page.question.nl}</p>
      <p lang="en">
        <em>{page.question.en}</em>
      </p>
      <dl>
        <dt>PGO (from the OCL)</dt>
        <dd data-testid="consent-organisation">
          {page.organisation} (<code>{page.clientId}</code>)
        </dd>
        <dt>Zorgaanbieder</dt>
        <dd>{page.zorgaanbieder}</dd>
        <dt>Gegevensdienst (from the GNL)</dt>
        <dd data-testid="consent-dienst">
          {page.gegevensdienst} ({page.gegevensdienstId})
        </dd>
      </dl>
      <p>
        <button type="button" data-testid="consent-allow" disabled={busy} onClick={() => void act({ action: 'decide', decision: 'allow' })}>
          Toestaan
        </button>{' '}
        <button type="button" data-testid="consent-deny" disabled={busy} onClick={() => void act({ action: 'decide', decision: 'deny' })}>
          Weigeren
        </button>
      </p>
    </main>
  );
}

function Banner() {
  return (
    <p className="mock-banner" role="note">
      MedMij authorization server (mock) of the zorgaanbieder: the consent question. Not a real care provider.
    </p>
  );
}
