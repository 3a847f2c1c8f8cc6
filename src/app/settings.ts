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

/** Live-mode client registrations, remembered per FHIR server. */
export interface LiveRegistration {
  clientId: string;
  clientSecret: string;
  clientType: 'public' | 'confidential';
  clientAuth: 'client_secret_basic' | 'client_secret_post';
  redirectUri: string;
  scope: string;
}

const liveKey = (iss: string) => `playground:live:${iss.replace(/\/+$/, '')}`;

export function loadLiveRegistration(iss: string): LiveRegistration | undefined {
  try {
    const raw = localStorage.getItem(liveKey(iss));
    return raw ? (JSON.parse(raw) as LiveRegistration) : undefined;
  } catch {
    return undefined;
  }
}

export function saveLiveRegistration(iss: string, reg: LiveRegistration): void {
  if (iss) localStorage.setItem(liveKey(iss), JSON.stringify(reg));
}
