import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadLiveRegistration, saveLiveRegistration, type LiveRegistration } from '../../../src/app/settings';
import { MemoryStorage } from '../../support/memory-storage';

const ISS = 'https://fhir.example.org/r4';
const reg = (patch: Partial<LiveRegistration> = {}): LiveRegistration => ({
  clientId: 'my-app',
  clientSecret: 's3cret!',
  clientType: 'confidential',
  clientAuth: 'client_secret_basic',
  redirectUri: 'http://localhost:5173/callback',
  scope: 'launch openid',
  rememberSecret: false,
  ...patch,
});

let local: MemoryStorage;
let session: MemoryStorage;
beforeEach(() => {
  local = new MemoryStorage();
  session = new MemoryStorage();
  vi.stubGlobal('localStorage', local);
  vi.stubGlobal('sessionStorage', session);
});
afterEach(() => vi.unstubAllGlobals());

const everything = (s: Storage) => Array.from({ length: s.length }, (_, i) => s.getItem(s.key(i)!)).join('\n');

describe('live client registrations', () => {
  it("keep a confidential client's secret for this session only, unless asked to remember it", () => {
    saveLiveRegistration(ISS, reg());
    expect(everything(local)).not.toContain('s3cret!');
    expect(everything(local)).toContain('my-app');
    expect(loadLiveRegistration(ISS)).toMatchObject({ clientId: 'my-app', clientSecret: 's3cret!', rememberSecret: false });
    // A new browser session: the secret is gone, the rest of the registration stays.
    vi.stubGlobal('sessionStorage', new MemoryStorage());
    expect(loadLiveRegistration(ISS)).toMatchObject({ clientId: 'my-app', clientSecret: '' });
  });

  it('"remember on this device" keeps the secret in localStorage, and un-ticking it removes it from there', () => {
    saveLiveRegistration(ISS, reg({ rememberSecret: true }));
    expect(everything(local)).toContain('s3cret!');
    vi.stubGlobal('sessionStorage', new MemoryStorage());
    expect(loadLiveRegistration(ISS)).toMatchObject({ clientSecret: 's3cret!', rememberSecret: true });
    saveLiveRegistration(ISS, reg({ rememberSecret: false }));
    expect(everything(local)).not.toContain('s3cret!');
    expect(loadLiveRegistration(ISS)?.clientSecret).toBe('s3cret!');
  });

  it('a secret an older version left in localStorage moves to this session', () => {
    local.setItem(`playground:live:${ISS}`, JSON.stringify({ ...reg(), rememberSecret: undefined }));
    expect(loadLiveRegistration(ISS)).toMatchObject({ clientSecret: 's3cret!', rememberSecret: false });
    expect(everything(local)).not.toContain('s3cret!');
  });

  it('the same server with or without a trailing slash is one registration', () => {
    saveLiveRegistration(`${ISS}/`, reg());
    expect(loadLiveRegistration(ISS)?.clientId).toBe('my-app');
  });
});
