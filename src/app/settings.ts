import type { Mode } from '../flows/flow';

const MODE_KEY = 'playground:mode';

/** mock: the flows talk to the mock servers; live: to a server the user names. */
export function getMode(): Mode {
  return localStorage.getItem(MODE_KEY) === 'live' ? 'live' : 'mock';
}

export function setMode(mode: Mode): void {
  localStorage.setItem(MODE_KEY, mode);
}

/** `npm run mock-server` marks the pages it serves: the mocks are then real HTTP on this origin. */
export function servedByMockServer(): boolean {
  return document.querySelector('meta[name="playground-served-by"]')?.getAttribute('content') === 'mock-server';
}

/**
 * The in-browser mock servers are needed in mock mode, on the mock servers'
 * own pages, and for an EHR launch whose iss is on this origin. Otherwise they
 * stay unloaded (and out of the way of a live server).
 */
export function needsInBrowserMocks(location: Location, mode: Mode): boolean {
  if (servedByMockServer()) return false;
  if (mode === 'mock') return true;
  if (location.pathname.startsWith('/mock/')) return true;
  const iss = new URLSearchParams(location.search).get('iss');
  return iss !== null && iss.startsWith(`${location.origin}/mock/`);
}

// Live-mode client registrations belong to the SMART launch flow; kept importable from here for the pages.
export { loadLiveRegistration, saveLiveRegistration, type LiveRegistration } from '../flows/smart-launch/live-registration';
