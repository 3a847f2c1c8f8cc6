import { describe, expect, it } from 'vitest';
import { classifyLaunchIss, ehrLaunchState } from '../../../src/flows/smart-launch/launch-entry';
import type { LiveRegistration } from '../../../src/app/settings';
import { encodeScenario } from '../../../mocks/smart-auth/scenario';
import { smartFhirBase } from '../../../mocks/paths';

const APP = 'http://localhost:5173';
const saved: LiveRegistration = {
  clientId: 'ehr-confidential',
  clientSecret: 'from-this-session',
  clientType: 'confidential',
  clientAuth: 'client_secret_post',
  redirectUri: `${APP}/callback`,
  scope: 'launch openid fhirUser',
  rememberSecret: false,
};

describe('the EHR launch entry point', () => {
  it('starts with the client registered for the iss, not the public playground client', () => {
    const state = ehrLaunchState('https://ehr.example.org/fhir', 'L1', { origin: APP, mode: 'live' }, saved);
    expect(state).toMatchObject({
      iss: 'https://ehr.example.org/fhir',
      launch: 'L1',
      clientType: 'confidential',
      clientId: 'ehr-confidential',
      clientSecret: 'from-this-session',
      clientAuth: 'client_secret_post',
      scope: 'launch openid fhirUser',
    });
  });

  it('without a registration it starts as the public playground client', () => {
    expect(ehrLaunchState('https://ehr.example.org/fhir', 'L1', { origin: APP, mode: 'live' }, undefined)).toMatchObject({
      clientId: 'playground-public',
      clientType: 'public',
    });
  });

  it("shows the scenario the EHR launched with in the set-up: the mock FHIR base's simulated error, skips and code life", () => {
    const iss = smartFhirBase(APP, encodeScenario({ skipConsent: true, error: 'token_invalid_token', codeLifetime: 300 }));
    const state = ehrLaunchState(iss, 'L1', { origin: APP, mode: 'mock' }, undefined);
    expect(state.iss).toBe(iss);
    expect(state.scenario).toEqual({ skipLogin: false, skipConsent: true, error: 'token_invalid_token', patient: '', codeLifetime: 300 });
    // A plain mock base carries no scenario: the set-up shows none.
    expect(ehrLaunchState(smartFhirBase(APP), 'L1', { origin: APP, mode: 'mock' }, undefined).scenario).toEqual({
      skipLogin: false,
      skipConsent: false,
      error: '',
      patient: '',
    });
  });

  it('trusts the in-browser mock with any scenario and a server with a saved registration; asks about any other', () => {
    expect(classifyLaunchIss(smartFhirBase(APP), APP, undefined).kind).toBe('mock');
    expect(classifyLaunchIss(smartFhirBase(APP, encodeScenario({ skipLogin: true, codeLifetime: 300 })), APP, undefined).kind).toBe('mock');
    expect(classifyLaunchIss('https://ehr.example.org/fhir', APP, saved).kind).toBe('known');
    expect(classifyLaunchIss('https://attacker.example/fhir', APP, undefined).kind).toBe('unknown');
    // The mock's path on another origin is not the in-browser mock.
    expect(classifyLaunchIss(smartFhirBase('https://attacker.example'), APP, undefined).kind).toBe('unknown');
    expect(classifyLaunchIss(`${APP}/mock/smart/fhir/../../../elsewhere`, APP, undefined).kind).toBe('unknown');
    expect(classifyLaunchIss('javascript:alert(1)', APP, undefined).kind).toBe('invalid');
  });
});
