import { describe, expect, it } from 'vitest';
import { zorgaanbiederEndpoints } from '../../../mocks/medmij/endpoints';
import { authorizeUrl, REDIRECT, run } from './helpers/flow';
import { browse, createTestMocks, ORIGIN, pageAction } from './helpers/mocks';

describe('MedMij authorization interface', () => {
  it('happy path: DigiD, consent, then the code and the same state at the redirect_uri', async () => {
    const mocks = createTestMocks();
    const end = await run(mocks, authorizeUrl({}));
    expect(end.kind).toBe('callback');
    if (end.kind !== 'callback') return;
    expect(end.params.get('state')).toBe('s-123');
    expect(end.params.get('code')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('accepts the 2.x scope form for its own zorgaanbieder', async () => {
    const end = await run(createTestMocks(), authorizeUrl({ scope: 'umcharderwijk~4' }));
    expect(end.kind === 'callback' && end.params.get('code')).toBeTruthy();
  });

  describe('a client_id or redirect_uri it cannot trust: an error page, never a redirect', () => {
    const cases: [string, Record<string, string | undefined>, RegExp][] = [
      ['client_id missing', { client_id: undefined }, /no client_id/],
      ['client_id not on the OCL', { client_id: 'evil.example' }, /not a Hostname on the OAuth Client List/],
      // The hint names the Hostname as the OCL itself spells it (a dotted name the schema accepts).
      [
        'client_id not on the OCL: the hint quotes the OCL',
        { client_id: 'evil.example' },
        /The OCL lists: localhost\.pgo\.medmij\.example \(the PGO on localhost\)/,
      ],
      ['redirect_uri on another host', { redirect_uri: 'https://evil.example/callback' }, /is not the client_id/],
      ['redirect_uri on a subdomain of the client', { client_id: 'localhost', redirect_uri: 'http://sub.localhost/callback' }, /is not the client_id/],
      ['redirect_uri missing', { redirect_uri: undefined }, /no redirect_uri/],
      ['redirect_uri with a fragment', { redirect_uri: `${REDIRECT}#x` }, /fragment/],
    ];
    for (const [name, params, message] of cases) {
      it(name, async () => {
        const end = await browse(createTestMocks().server, authorizeUrl(params));
        expect(end.kind).toBe('response');
        if (end.kind !== 'response') return;
        expect(end.response.status).toBe(400);
        expect(end.response.headers.get('location')).toBeNull();
        expect(await end.response.text()).toMatch(message);
      });
    }
  });

  describe('invalid request: invalid_request back at the redirect_uri', () => {
    const cases: [string, Record<string, string | undefined>, RegExp, string | null][] = [
      ['state missing', { state: undefined }, /state is required/, null],
      ['response_type not code', { response_type: 'token' }, /response_type must be "code"/, 's-123'],
      ['scope missing', { scope: undefined }, /scope is required/, 's-123'],
      ['scope names another zorgaanbieder', { scope: 'huisartsvandam~4' }, /names zorgaanbieder "huisartsvandam"/, 's-123'],
      ['scope names a dienst the zorgaanbieder does not offer', { scope: '2' }, /does not offer gegevensdienst 2/, 's-123'],
      ['scope with two values', { scope: '1 4' }, /more than one value/, 's-123'],
    ];
    for (const [name, params, description, state] of cases) {
      it(name, async () => {
        const end = await browse(createTestMocks().server, authorizeUrl(params));
        expect(end.kind).toBe('callback');
        if (end.kind !== 'callback') return;
        expect(end.params.get('error')).toBe('invalid_request');
        expect(end.params.get('error_description')).toMatch(description);
        expect(end.params.get('state')).toBe(state);
      });
    }
  });

  it('DigiD cancelled: unauthorized_client', async () => {
    const end = await run(createTestMocks(), authorizeUrl({}), { cancel: true });
    expect(end.kind === 'callback' && Object.fromEntries(end.params)).toMatchObject({ error: 'unauthorized_client', state: 's-123' });
    expect(end.kind === 'callback' && end.params.get('error_description')).toMatch(/cancelled/);
  });

  it('DigiD failed (simulated): unauthorized_client', async () => {
    const end = await run(createTestMocks(), authorizeUrl({}, 'umcharderwijk', { digid: 'fail' }));
    expect(end.kind === 'callback' && end.params.get('error')).toBe('unauthorized_client');
  });

  it('under 16 (Emma, 15): access_denied "No such resources."', async () => {
    const end = await run(createTestMocks(), authorizeUrl({}), { username: 'test-emma' });
    expect(end.kind === 'callback' && Object.fromEntries(end.params)).toMatchObject({ error: 'access_denied', error_description: 'No such resources.' });
  });

  it('16 (Daan) and 17 (Chloé) pass the age check', async () => {
    for (const username of ['test-daan', 'test-chloe']) {
      const end = await run(createTestMocks(), authorizeUrl({}), { username });
      expect(end.kind === 'callback' && end.params.get('code'), username).toBeTruthy();
    }
  });

  it('no data at this zorgaanbieder (Iris at UMC Harderwijk): access_denied "No such resources."', async () => {
    const end = await run(createTestMocks(), authorizeUrl({}), { username: 'test-iris' });
    expect(end.kind === 'callback' && end.params.get('error_description')).toBe('No such resources.');
  });

  it('consent refused: access_denied "Authorization denied."', async () => {
    const end = await run(createTestMocks(), authorizeUrl({}), { consent: 'deny' });
    expect(end.kind === 'callback' && Object.fromEntries(end.params)).toMatchObject({ error: 'access_denied', error_description: 'Authorization denied.' });
  });

  it('consent answer that cannot be established: access_denied "Authorization failed."', async () => {
    const viaAnswer = await run(createTestMocks(), authorizeUrl({}), { consent: 'maybe' });
    expect(viaAnswer.kind === 'callback' && viaAnswer.params.get('error_description')).toBe('Authorization failed.');
    const simulated = await run(createTestMocks(), authorizeUrl({}, 'umcharderwijk', { consent: 'undecidable' }));
    expect(simulated.kind === 'callback' && Object.fromEntries(simulated.params)).toMatchObject({
      error: 'access_denied',
      error_description: 'Authorization failed.',
    });
  });

  it('the consent page names the OCL organisation, the zorgaanbieder and the GNL name', async () => {
    const mocks = createTestMocks();
    let end = await browse(mocks.server, authorizeUrl({}));
    const { screen } = await pageAction(mocks.server, end.kind === 'page' ? end.url : '', { action: 'login', username: 'test-anna', password: 'Welkom01!' });
    end = await browse(mocks.server, screen.location!);
    expect(end.kind).toBe('page');
    const view = await pageAction(mocks.server, end.kind === 'page' ? end.url : '', { action: 'view' });
    expect(view.screen.page).toMatchObject({
      organisation: 'Health OAuth Playground PGO',
      zorgaanbieder: 'UMC Harderwijk',
      gegevensdienst: 'Laboratoriumresultaten',
    });
  });

  it('the same ACS return again (a reload) goes where the session stands; another artifact for the session is refused', async () => {
    const mocks = createTestMocks();
    const end = await browse(mocks.server, authorizeUrl({}));
    const { screen } = await pageAction(mocks.server, end.kind === 'page' ? end.url : '', { action: 'login', username: 'test-anna', password: 'Welkom01!' });
    const first = await browse(mocks.server, screen.location!);
    expect(first.kind === 'page' && first.url).toContain('/oauth/consent?session=');
    // The artifact is single use: the reload is answered from the session, not by resolving it again.
    const again = await browse(mocks.server, screen.location!);
    expect(again).toEqual(first);
    const other = new URL(screen.location!);
    other.searchParams.set('SAMLart', 'AAQAAP' + 'A'.repeat(54));
    const forged = await browse(mocks.server, other.href);
    expect(forged.kind).toBe('response');
    expect(forged.kind === 'response' && forged.response.status).toBe(400);
    expect(forged.kind === 'response' && (await forged.response.text())).toMatch(/used once only/);
  });

  it('the inspection aid shows what happened while the browser was away, without the bare BSN field', async () => {
    const mocks = createTestMocks();
    await run(mocks, authorizeUrl({}));
    const res = await mocks.server(new Request(`${zorgaanbiederEndpoints(ORIGIN, 'umcharderwijk').inspect}/s-123?client_id=localhost`));
    const session = await res!.json();
    expect(res!.headers.get('x-playground-teaching-aid')).toBeTruthy();
    expect(session.authn.xml).toContain('samlp:AuthnRequest');
    expect(session.artifactResolve.response).toContain('s00000000:999990019');
    expect(session.availability.ok).toBe(true);
    expect(session.bsn).toBeUndefined();
  });
});
