import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { mockPageEnv } from './page-env';

/**
 * Follows a location a mock server named, as its 302 would. A location on this
 * page's origin, answered by the in-browser mocks, is a router navigation: the
 * run stays in one document. Any other (the app on another origin, a real
 * server) is a real navigation.
 */
export function useFollow(): (location: string, options?: { replace?: boolean }) => void {
  const navigate = useNavigate();
  return useCallback(
    (location, options) => {
      const target = new URL(location, window.location.href);
      if (mockPageEnv().sameDocument && target.origin === window.location.origin) {
        void navigate(`${target.pathname}${target.search}${target.hash}`, options);
      } else {
        if (options?.replace) window.location.replace(target.href);
        else window.location.assign(target.href);
      }
    },
    [navigate],
  );
}
