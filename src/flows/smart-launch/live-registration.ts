/** Live-mode client registrations, remembered per FHIR server. */
export interface LiveRegistration {
  clientId: string;
  clientSecret: string;
  clientType: 'public' | 'confidential';
  clientAuth: 'client_secret_basic' | 'client_secret_post';
  redirectUri: string;
  scope: string;
  /** The user ticked "remember on this device": the secret is kept in localStorage. Otherwise it lasts this session. */
  rememberSecret: boolean;
}

const serverKey = (iss: string) => iss.replace(/\/+$/, '');
const liveKey = (iss: string) => `playground:live:${serverKey(iss)}`;
const secretKey = (iss: string) => `playground:live-secret:${serverKey(iss)}`;

/**
 * The registration (without secrets) lives in localStorage; a client secret
 * lives in sessionStorage, gone when the browser session ends, unless the
 * user asked to remember it on this device.
 */
export function loadLiveRegistration(iss: string): LiveRegistration | undefined {
  let stored: Partial<LiveRegistration>;
  try {
    const raw = localStorage.getItem(liveKey(iss));
    if (!raw) return undefined;
    stored = JSON.parse(raw) as Partial<LiveRegistration>;
  } catch {
    return undefined;
  }
  const remember = stored.rememberSecret === true;
  if (!remember && stored.clientSecret) {
    // Left by an older version that kept every secret forever: keep it for this session only.
    sessionStorage.setItem(secretKey(iss), stored.clientSecret);
    localStorage.setItem(liveKey(iss), JSON.stringify({ ...stored, clientSecret: '' }));
  }
  const clientSecret = remember ? (stored.clientSecret ?? '') : (sessionStorage.getItem(secretKey(iss)) ?? '');
  return { ...(stored as LiveRegistration), clientSecret, rememberSecret: remember };
}

export function saveLiveRegistration(iss: string, reg: LiveRegistration): void {
  if (!iss) return;
  const remember = reg.rememberSecret === true;
  localStorage.setItem(liveKey(iss), JSON.stringify({ ...reg, rememberSecret: remember, clientSecret: remember ? reg.clientSecret : '' }));
  if (remember || !reg.clientSecret) sessionStorage.removeItem(secretKey(iss));
  else sessionStorage.setItem(secretKey(iss), reg.clientSecret);
}
