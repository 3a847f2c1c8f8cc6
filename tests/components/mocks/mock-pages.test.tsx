// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { setMockPageEnv } from '../../../mocks/core/pages/page-env';
import type { Screen } from '../../../mocks/core/page-protocol';
import { digidRoutes } from '../../../mocks/digid/pages/routes';
import type { DigidLoginPage } from '../../../mocks/digid/server';
import { medmijRoutes } from '../../../mocks/medmij/pages/routes';
import type { ConsentPage } from '../../../mocks/medmij/consent';

/**
 * A mock server's page at `path`, its server answering the view with `page`
 * and every decision with `decide(body)`. What the page posts is recorded.
 */
function openMockPage<P>(path: string, page: P, decide: (body: Record<string, unknown>) => Screen<P>) {
  const posts: Record<string, unknown>[] = [];
  setMockPageEnv({
    sameDocument: true,
    fetch: async (_input, init) => {
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      posts.push(body);
      const answer: Screen<P> = body.action === 'view' ? { kind: 'page', page } : decide(body);
      return new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } });
    },
  });
  const router = createMemoryRouter([...digidRoutes, ...medmijRoutes, { path: '/callback', element: <p>Back at the app</p> }], { initialEntries: [path] });
  render(<RouterProvider router={router} />);
  return { posts, router, user: userEvent.setup() };
}

const backAtTheApp = (): Screen<never> => ({ kind: 'redirect', location: `${window.location.origin}/callback?code=abc` });

afterEach(cleanup);

describe('the mock DigiD login page', () => {
  const login: DigidLoginPage = {
    request: {
      xml: '<samlp:AuthnRequest ID="_1"/>',
      id: '_1',
      issuer: 'https://as.test',
      assertionConsumerServiceUrl: 'https://as.test/saml/acs',
      level: 'Midden',
      levelUri: 'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract',
      providerName: 'Ziekenhuis Harderwijk',
      relayState: 'r1',
    },
    accounts: [
      { username: 'jan', name: 'Jan Jansen', bsn: '999990019', birthDate: '1980-01-01', age: 46 },
      { username: 'pien', name: 'Pien de Vries', bsn: '999990020', birthDate: '2015-06-01', age: 11 },
    ],
    testPassword: 'test1234',
  };

  it('shows who asks, the test accounts and the login form with labels', async () => {
    openMockPage('/mock/digid/sso?SAMLRequest=x', login, backAtTheApp);
    expect(await screen.findByRole('heading', { name: 'Inloggen bij DigiD' })).toBeTruthy();
    expect(screen.getByText('Ziekenhuis Harderwijk')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toMatch(/niet de echte DigiD/);
    expect(screen.getByRole('radio', { name: 'Jan Jansen' })).toBeTruthy();
    expect(screen.getByText(/jonger dan 16/)).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'DigiD gebruikersnaam' })).toBeTruthy();
    expect(screen.getByLabelText('Wachtwoord')).toBeTruthy();
    // Nothing typed or chosen yet: nothing to log in with.
    expect(screen.getByRole('button', { name: 'Inloggen' })).toHaveProperty('disabled', true);
  });

  it("choosing an account fills the form; Inloggen posts the login with the page's query and follows the answer", async () => {
    const { posts, user } = openMockPage('/mock/digid/sso?SAMLRequest=x', login, backAtTheApp);
    await user.click(await screen.findByRole('radio', { name: 'Jan Jansen' }));
    expect(screen.getByRole('textbox', { name: 'DigiD gebruikersnaam' })).toHaveProperty('value', 'jan');
    await user.click(screen.getByRole('button', { name: 'Inloggen' }));
    expect(await screen.findByText('Back at the app')).toBeTruthy();
    expect(posts.at(-1)).toEqual({ action: 'login', username: 'jan', password: 'test1234', query: '?SAMLRequest=x' });
  });

  it('a refused login keeps the page and says why', async () => {
    const { posts, user } = openMockPage('/mock/digid/sso?SAMLRequest=x', login, () => ({
      kind: 'error',
      status: 401,
      title: 'Inloggen mislukt',
      message: 'Gebruikersnaam of wachtwoord onjuist.',
    }));
    await user.type(await screen.findByRole('textbox', { name: 'DigiD gebruikersnaam' }), 'jan');
    await user.type(screen.getByLabelText('Wachtwoord'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Inloggen' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Inloggen mislukt: Gebruikersnaam of wachtwoord onjuist\./);
    expect(posts.at(-1)).toMatchObject({ action: 'login', username: 'jan', password: 'wrong' });
    expect(screen.getByRole('heading', { name: 'Inloggen bij DigiD' })).toBeTruthy();
  });

  it('Annuleren posts the cancel', async () => {
    const { posts, user } = openMockPage('/mock/digid/sso?SAMLRequest=x', login, backAtTheApp);
    await user.click(await screen.findByRole('button', { name: 'Annuleren' }));
    expect(await screen.findByText('Back at the app')).toBeTruthy();
    expect(posts.at(-1)).toEqual({ action: 'cancel', query: '?SAMLRequest=x' });
  });
});

describe('the mock MedMij consent page', () => {
  const consent: ConsentPage = {
    organisation: 'Playground PGO',
    clientId: 'pgo.example',
    zorgaanbieder: 'umcharderwijk@medmij',
    gegevensdienst: 'Basisgegevens Zorg',
    gegevensdienstId: '4',
    question: {
      nl: 'Geeft u umcharderwijk@medmij toestemming om uw gegevens "Basisgegevens Zorg" te verstrekken aan Playground PGO (pgo.example)?',
      en: 'Do you allow umcharderwijk@medmij to give your "Basisgegevens Zorg" data to Playground PGO (pgo.example)?',
    },
  };
  const path = '/mock/medmij/umcharderwijk/oauth/consent?session=s1';

  it('asks the question in Dutch and English, naming the PGO, the zorgaanbieder and the gegevensdienst', async () => {
    openMockPage(path, consent, backAtTheApp);
    expect(await screen.findByRole('heading', { name: /Toestemming \(consent\) — umcharderwijk@medmij/ })).toBeTruthy();
    expect(screen.getByText(consent.question.nl)).toBeTruthy();
    expect(screen.getByText(consent.question.en)).toBeTruthy();
    expect(screen.getByText(/Playground PGO/, { selector: 'dd' })).toBeTruthy();
    expect(screen.getByText(/Basisgegevens Zorg \(4\)/)).toBeTruthy();
  });

  it.each([
    ['Toestaan', 'allow'],
    ['Weigeren', 'deny'],
  ])('%s posts the decision "%s" and follows the server back to the app', async (button, decision) => {
    const { posts, user } = openMockPage(path, consent, backAtTheApp);
    await user.click(await screen.findByRole('button', { name: button }));
    expect(await screen.findByText('Back at the app')).toBeTruthy();
    expect(posts).toEqual([
      { action: 'view', query: '?session=s1' },
      { action: 'decide', decision, query: '?session=s1' },
    ]);
  });
});
