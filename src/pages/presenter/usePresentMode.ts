import { useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router';

const rememberKey = (flowId: string) => `playground:presenting:${flowId}`;

/**
 * Presenter mode lives in the URL (?present=1); the toggle sets or removes it
 * with a replace navigation and keeps every other parameter. The flow is also
 * remembered as presenting in this tab, because the trip through a server's
 * pages comes back to the flow's bare URL: presenter mode comes back with it,
 * until the toggle turns it off.
 */
export function usePresentMode(flowId: string, storage: Storage = sessionStorage): { present: boolean; togglePresent: () => void } {
  const [search, setSearch] = useSearchParams();
  const present = search.get('present') === '1';
  const setPresent = useCallback(
    (on: boolean) =>
      setSearch(
        (current) => {
          const next = new URLSearchParams(current);
          if (on) next.set('present', '1');
          else next.delete('present');
          return next;
        },
        { replace: true },
      ),
    [setSearch],
  );
  useEffect(() => {
    if (present) storage.setItem(rememberKey(flowId), '1');
    else if (storage.getItem(rememberKey(flowId)) === '1') setPresent(true);
  }, [present, flowId, storage, setPresent]);
  const togglePresent = () => {
    if (present) storage.removeItem(rememberKey(flowId));
    setPresent(!present);
  };
  return { present, togglePresent };
}
