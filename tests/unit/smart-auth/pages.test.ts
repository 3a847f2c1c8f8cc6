import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Screen } from '../../../mocks/smart-auth/pages/AuthorizePage';
import { authorizeParams, makeWorld, post, screenOf, sessionOf } from './helpers';

/** Render a screen the server really answered, as the page would. */
function render(screen: ReturnType<typeof screenOf>): string {
  return renderToStaticMarkup(createElement(Screen, { screen, busy: false, send: async () => {} }));
}

describe('authorization server page screens', () => {
  it('renders the login, patient picker, consent and error screens with clear controls', async () => {
    const world = makeWorld();
    const { params, endpoints } = await authorizeParams({ scope: 'launch/patient user/Observation.rs openid fhirUser' });
    const login = screenOf((await post(world.server, endpoints.authorize, { action: 'view', query: `?${params}` })).body);
    const loginHtml = render(login);
    expect(loginHtml).toContain('Sign in as a care provider');
    expect(loginHtml).toMatch(/<button type="submit"[^>]*>Sign in<\/button>/);
    expect(loginHtml).toMatch(/>Deny<\/button>/);
    expect(loginHtml).toContain('pr-lotte');

    const picker = screenOf(
      (await post(world.server, endpoints.authorize, { action: 'login', session: sessionOf(login), username: 'pr-lotte', password: 'x' })).body,
    );
    const pickerHtml = render(picker);
    expect(pickerHtml).toContain('Select a patient');
    expect(pickerHtml).toContain('Search patients');
    expect(pickerHtml).toContain('aria-label="Select Anna de Vries"');

    const consent = screenOf((await post(world.server, endpoints.authorize, { action: 'pick-patient', session: sessionOf(picker), patient: 'p-anna' })).body);
    const consentHtml = render(consent);
    expect(consentHtml).toMatch(/>Allow<\/button>/);
    expect(consentHtml).toContain('Read and search Observations you have access to');
    expect(consentHtml.match(/type="checkbox"/g)).toHaveLength(4);

    const error = screenOf((await post(world.server, endpoints.authorize, { action: 'view', query: '?client_id=nobody' })).body);
    const errorHtml = render(error);
    expect(errorHtml).toContain('role="alert"');
    expect(errorHtml).toContain('invalid_client');
    expect(errorHtml).toContain('not sent back to the app');
  });
});
