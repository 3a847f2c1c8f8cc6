import { ScreenStatus } from '../../core/pages/ScreenStatus';
import { useScreen } from '../../core/pages/useScreen';

/**
 * The authorization endpoint and the assertion consumer service need no user:
 * their server checks the request and answers where the browser goes next
 * (DigiD, the consent page, or back to the PGO), or why it stops here.
 */
export function ForwardPage({ what }: { what: string }) {
  const { state } = useScreen<never>();
  return (
    <main className="mock-page medmij">
      <p className="mock-banner" role="note">
        MedMij authorization server (mock) — {what}
      </p>
      <ScreenStatus state={state} />
    </main>
  );
}
