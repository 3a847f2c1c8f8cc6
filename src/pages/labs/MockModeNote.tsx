import { getMode, servedByMockServer } from '../../app/settings';

/** The labs attack the mock servers only: in live mode the in-browser mocks are not running. */
export function MockModeNote() {
  if (servedByMockServer() || getMode() === 'mock') return null;
  return (
    <p className="banner banner-error lab-mode-note" role="note">
      <strong>The labs need mock mode.</strong> They play attacks against the playground’s own mock servers, which do not run in live mode. Switch to mock mode
      in the header and reload this page.
    </p>
  );
}
