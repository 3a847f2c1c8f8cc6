import type { Check, SpecLink } from '../../journal/types';
import { send } from '../../protocol/http';
import { errorText, generateState, stateComparison, oauthErrorCode, oauthStepError, type StepErrorCode } from '../../protocol';
import { defineStep, need, StepFailure, type StepContext, type StepDefinition } from '../flow';
import { digidEntityId, listHostnameForLocal, localUrlForList, mockServingOrigin } from '../../../mocks/public';
import { authorizationStepError, MEDMIJ_SPEC, scenarioSegment, SIMULATIONS } from './exceptions';
import { stepTitle, stepWhy, type Lang } from './i18n';
import { buildScope, ListError, parseGnl, parseOcl, parseZal, platformParseXml, type ParseXml } from './lists';
import { decodeArtifact, decodeSamlRequest, sha1Hex } from './saml';
import { bsnLikeNumbers } from './bsn-scan';
import type { HttpAnswer, InspectedSession, MedMijState } from './state';
import { observationValue } from '../../ui/format';
import { fieldText } from '../../protocol/field-text';

type Ctx = StepContext<MedMijState>;
const done = { kind: 'done' } as const;

/** The XML parser the steps read the lists with: the platform's DOMParser. */
const parseXml: ParseXml = platformParseXml;

/** A step's texts from STEP_TEXTS: English by default, the run's language (state.lang) on the page. */
function medmijTexts(id: string): Pick<StepDefinition<MedMijState>, 'title' | 'why' | 'texts'> {
  return { title: stepTitle(id, 'en'), why: stepWhy(id, 'en'), texts: (state) => ({ title: stepTitle(id, state.lang), why: stepWhy(id, state.lang) }) };
}

const t = (ctx: Ctx, en: string, nl: string) => (ctx.state.lang === 'nl' ? nl : en);

function fail(code: StepErrorCode, message: string, hint: string, cause?: string, spec?: SpecLink): never {
  throw new StepFailure({ code, message, hint, cause, spec });
}

/** The answer as the run keeps it (JSON, so it survives the redirect); failures of the exchange itself are StepFailures (protocol/http). */
async function fetchText(ctx: Ctx, url: string, init?: RequestInit): Promise<HttpAnswer> {
  const answer = await send(ctx.fetch, url, init, url);
  return { status: answer.status, headers: Object.fromEntries(answer.headers), body: answer.text };
}

// ------------------------------------------------------------------ 1

const presentChoice = defineStep<MedMijState>({
  id: 'present-choice',
  number: '1',
  ...medmijTexts('present-choice'),
  actors: ['pgo-server', 'pgo-presenter'],
  channel: 'back-channel',
  carries: 'GET /lists/zal.xml, gnl.xml',
  spec: [MEDMIJ_SPEC.afsprakenstelsel],
  async run(ctx) {
    const { state } = ctx;
    // A simulated server-side exception is a scenario in the lists' URL: the ZAL then names endpoints under it.
    const scenario = scenarioSegment(state.simulate, state.accountHint);
    const base = scenario ? `${state.listsBase}/s/${scenario}` : state.listsBase;
    ctx.setState({ scenario });
    if (scenario)
      ctx.addArtifact({
        kind: 'value',
        label: t(ctx, 'Playground scenario (path segment)', 'Scenario van de playground (padsegment)'),
        value: scenario,
        note: t(
          ctx,
          'Base64url JSON naming the simulated exception; it is part of every URL on the ZAL.',
          'Base64url-JSON met de gesimuleerde uitzondering; het staat in elke URL op de ZAL.',
        ),
      });
    const texts: Record<'zal' | 'ocl' | 'gnl', string> = { zal: '', ocl: '', gnl: '' };
    for (const list of ['zal', 'ocl', 'gnl'] as const) {
      const url = `${base}/lists/${list}.xml`;
      const answer = await fetchText(ctx, url, { headers: { accept: 'application/xml' } });
      if (answer.status !== 200) {
        fail(
          'list_unavailable',
          t(
            ctx,
            `The ${list.toUpperCase()} could not be fetched (HTTP ${answer.status}).`,
            `De ${list.toUpperCase()} kon niet worden opgehaald (HTTP ${answer.status}).`,
          ),
          t(ctx, 'Check the lists URL in the set-up.', 'Controleer de URL van de lijsten.'),
          url,
        );
      }
      texts[list] = answer.body;
    }
    let zal, ocl, gnl;
    try {
      zal = parseZal(texts.zal, parseXml);
      ocl = parseOcl(texts.ocl, parseXml);
      gnl = parseGnl(texts.gnl, parseXml);
    } catch (e) {
      if (e instanceof ListError && e.violations.length) {
        ctx.addArtifact({
          kind: 'checks',
          label: t(ctx, `${e.list} against ${e.schemaFile}`, `${e.list} tegen ${e.schemaFile}`),
          checks: e.violations.map((v) => ({
            name: v.path,
            ok: false,
            detail: `${v.value !== undefined ? `"${v.value}": ` : ''}${v.problem}; ${t(ctx, 'the schema wants', 'het schema wil')} ${v.wants}`,
          })),
        });
      }
      fail(
        'invalid_list',
        t(ctx, 'A MedMij list is malformed.', 'Een MedMij-lijst is ongeldig.'),
        t(
          ctx,
          'A PGO must refuse a list it cannot validate and keep using the last good one.',
          'Een PGO weigert een lijst die niet valideert en houdt de laatste goede aan.',
        ),
        errorText(e),
      );
    }
    ctx.addArtifact({ kind: 'xml', label: 'Zorgaanbiederslijst (ZAL)', xml: texts.zal, note: `Volgnummer ${zal.volgnummer}, Tijdstempel ${zal.tijdstempel}` });
    ctx.addArtifact({ kind: 'xml', label: 'Gegevensdienstnamenlijst (GNL)', xml: texts.gnl });
    ctx.addArtifact({ kind: 'xml', label: 'OAuth Client List (OCL)', xml: texts.ocl });

    const za = zal.zorgaanbieders.find((z) => z.naam === state.zorgaanbieder);
    if (!za)
      fail(
        'unknown_zorgaanbieder',
        t(ctx, `${state.zorgaanbieder} is not on the ZAL.`, `${state.zorgaanbieder} staat niet op de ZAL.`),
        t(ctx, 'Choose a zorgaanbieder from the ZAL in the set-up.', 'Kies een zorgaanbieder uit de ZAL.'),
      );
    const simulateInvalid = state.simulate === 'authorize-invalid-request';
    const offered = za.gegevensdiensten.find((g) => g.id === state.gegevensdienst);
    // Simulated invalid request: ask for a gegevensdienst this zorgaanbieder does not offer (on the GNL, not for it on the ZAL).
    const dienstId = simulateInvalid ? (gnl.diensten.find((d) => !za.gegevensdiensten.some((g) => g.id === d.id))?.id ?? '999') : state.gegevensdienst;
    const endpoints = offered ?? za.gegevensdiensten[0];
    if (!offered && !simulateInvalid) {
      fail(
        'unknown_gegevensdienst',
        t(ctx, `${za.naam} does not offer gegevensdienst ${state.gegevensdienst}.`, `${za.naam} biedt gegevensdienst ${state.gegevensdienst} niet aan.`),
        t(ctx, 'Choose one of its gegevensdiensten.', 'Kies een van de gegevensdiensten.'),
      );
    }
    const clientId = new URL(ctx.origin).hostname;
    // Lists from the playground's mock name its servers under medmij.example (the schemas want dotted https names);
    // each name stands for an endpoint on the origin that served the lists. A real MedMij environment's lists are read as they are.
    const servedAt = mockServingOrigin(state.listsBase);
    const oclName = servedAt ? listHostnameForLocal(clientId) : clientId;
    const local = (listUrl: string) => (servedAt ? (localUrlForList(listUrl, servedAt) ?? listUrl) : listUrl);
    const onOcl = ocl.clients.find((c) => c.hostname === oclName);
    const dienstName = gnl.diensten.find((d) => d.id === dienstId)?.weergavenaam ?? dienstId;
    const checks: Check[] = [
      { name: 'ZAL namespace release2, Tijdstempel and Volgnummer', ok: true, detail: `Volgnummer ${zal.volgnummer}` },
      { name: 'GNL namespace release1', ok: true, detail: `${gnl.diensten.length} gegevensdiensten` },
      { name: 'This PGO on the OCL', ok: !!onOcl, detail: onOcl ? `${oclName}: ${onOcl.organisatienaam}` : `${oclName} is not a Hostname on the OCL` },
      {
        name: 'Gegevensdienst offered by the zorgaanbieder',
        ok: !!offered && !simulateInvalid,
        detail: simulateInvalid ? `simulated: asking for ${dienstId}, which ${za.naam} does not offer` : `${dienstId} (${dienstName})`,
      },
    ];
    checks.unshift({
      name: t(ctx, "All three lists valid against MedMij's schemas", "Alle drie de lijsten geldig volgens de schema's van MedMij"),
      ok: true,
      detail: 'MedMij_Zorgaanbiederslijst.xsd, MedMij_OAuthclientlist.xsd, MedMij_Gegevensdienstnamenlijst.xsd (Afsprakenset 1.1)',
    });
    ctx.addArtifact({ kind: 'checks', label: t(ctx, 'List checks', 'Controles op de lijsten'), checks });
    if (servedAt) {
      const rows = [
        ['AuthorizationEndpointuri', endpoints.authorizationEndpoint],
        ['TokenEndpointuri', endpoints.tokenEndpoint],
        ['ResourceEndpointuri', endpoints.systeemrollen[0].resourceEndpoint],
      ].map(([what, url]) => [what, url, local(url)]);
      rows.push([t(ctx, 'OCL Hostname (client_id)', 'OCL-Hostname (client_id)'), oclName, clientId]);
      ctx.addArtifact({
        kind: 'table',
        label: t(ctx, 'List names in this playground', 'Namen uit de lijsten in deze playground'),
        columns: [
          t(ctx, 'what', 'wat'),
          t(ctx, 'the list says', 'de lijst zegt'),
          t(ctx, 'in this playground it is served at', 'in deze playground bediend op'),
        ],
        rows,
      });
      ctx.addArtifact({
        kind: 'value',
        label: t(ctx, 'Why two names', 'Waarom twee namen'),
        value: t(
          ctx,
          `MedMij's schemas accept only https URLs on dotted host names, so the mock's lists name its servers under medmij.example (reserved for examples). The playground serves them at ${servedAt}/mock/medmij/... and uses the host it runs on (${clientId}) as client_id. Lists from a real MedMij environment are used as they are.`,
          `De schema's van MedMij accepteren alleen https-URL's op hostnamen met punten, dus de lijsten van de mock noemen de servers onder medmij.example (gereserveerd voor voorbeelden). De playground bedient ze op ${servedAt}/mock/medmij/... en gebruikt de host waarop hij draait (${clientId}) als client_id. Lijsten van een echte MedMij-omgeving worden gebruikt zoals ze zijn.`,
        ),
      });
    }
    ctx.addArtifact({
      kind: 'table',
      label: `${za.naam}: ${t(ctx, 'gegevensdiensten on the ZAL', 'gegevensdiensten op de ZAL')}`,
      columns: ['GegevensdienstId', 'Weergavenaam (GNL)', 'AuthorizationEndpointuri', 'TokenEndpointuri', 'ResourceEndpointuri'],
      rows: za.gegevensdiensten.map((g) => [
        g.id,
        gnl.diensten.find((d) => d.id === g.id)?.weergavenaam ?? '',
        g.authorizationEndpoint,
        g.tokenEndpoint,
        g.systeemrollen[0].resourceEndpoint,
      ]),
    });
    if (!onOcl)
      fail(
        'not_on_ocl',
        t(ctx, `This PGO (${clientId}) is not on the OCL, so no authorization server will accept it.`, `Deze PGO (${clientId}) staat niet op de OCL.`),
        t(ctx, 'Run the playground on a host the OCL lists.', 'Draai de playground op een host die op de OCL staat.'),
      );
    ctx.setState({
      clientId,
      service: {
        zorgaanbieder: za.naam,
        dienstId,
        dienstName,
        authorizationEndpoint: local(endpoints.authorizationEndpoint),
        tokenEndpoint: local(endpoints.tokenEndpoint),
        resourceEndpoint: local(endpoints.systeemrollen[0].resourceEndpoint),
        systeemrolcode: endpoints.systeemrollen[0].code,
        organisation: onOcl.organisatienaam,
      },
    });
    return done;
  },
});

// ------------------------------------------------------------------ 2

const authorizationRequest = defineStep<MedMijState>({
  id: 'authorization-request',
  number: '2',
  ...medmijTexts('authorization-request'),
  actors: ['user', 'pgo-presenter', 'browser', 'auth-server'],
  channel: 'front-channel',
  carries: '302 → /authorize',
  spec: [MEDMIJ_SPEC.authorizationRequest, MEDMIJ_SPEC.csrf],
  async run(ctx) {
    const service = need(ctx.state, 'service', presentChoice, 'the chosen zorgaanbieder and gegevensdienst');
    const clientId = need(ctx.state, 'clientId', presentChoice, 'the client_id');
    const scope = buildScope(ctx.state.scopeForm, service.zorgaanbieder, service.dienstId);
    const sentState = generateState();
    const redirectUri = `${ctx.origin}/callback`;
    const url = new URL(service.authorizationEndpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('scope', scope);
    url.searchParams.set('state', sentState);
    ctx.addArtifact({
      kind: 'value',
      label: 'client_id',
      value: clientId,
      note: t(ctx, "The PGO's hostname, as on the OCL.", 'De hostname van de PGO, zoals op de OCL.'),
    });
    ctx.addArtifact({
      kind: 'value',
      label: 'redirect_uri',
      value: redirectUri,
      note: t(
        ctx,
        'On exactly the client_id host. MedMij requires https; the playground allows http only on localhost and 127.0.0.1.',
        'Op precies de host van de client_id. MedMij eist https; de playground staat http alleen toe op localhost en 127.0.0.1.',
      ),
    });
    ctx.addArtifact({ kind: 'value', label: 'scope', value: scope, note: `${ctx.state.scopeForm}: ${service.dienstName}` });
    ctx.addArtifact({
      kind: 'value',
      label: 'state',
      value: sentState,
      note: t(ctx, 'Random; must come back unchanged.', 'Willekeurig; moet ongewijzigd terugkomen.'),
    });
    ctx.setState({ scope, sentState, redirectUri, authorizeUrl: url.href });
    ctx.recordRedirect(
      url.href,
      'outgoing',
      t(ctx, "To the zorgaanbieder's authorization endpoint (from the ZAL).", 'Naar het authorization endpoint van de zorgaanbieder (uit de ZAL).'),
    );
    return {
      kind: 'navigate',
      url: url.href,
      to: t(ctx, "the zorgaanbieder's authorization server and DigiD", 'de autorisatieserver van de zorgaanbieder en DigiD'),
    };
  },
});

// ------------------------------------------------------------------ 3 .. 10: while the browser was away

function callbackParams(ctx: Ctx): URLSearchParams {
  return new URL(ctx.state.callbackUrl ?? 'http://invalid/').searchParams;
}

/**
 * RFC 6749 §4.1.2.1, §10.12: the state is compared on every return, an error
 * as much as a code, before anything else in it is read. A return with
 * another state (or none) may be planted by someone else (CSRF): its error is
 * not believed and its code is not used.
 */
function requireOwnState(ctx: Ctx, params: URLSearchParams, showWhenEqual = false): void {
  const { comparison: cmp, artifact } = stateComparison(ctx.state.sentState, params.get('state'));
  if (!cmp.equal || showWhenEqual) ctx.addArtifact(artifact);
  if (cmp.equal) return;
  const error = params.get('error');
  const carried =
    error !== null
      ? t(ctx, `the error it carries ("${error}") is not believed`, `de fout die erin staat ("${error}") wordt niet geloofd`)
      : t(ctx, 'the code it carries is not used', 'de code die erin staat wordt niet gebruikt');
  fail(
    'state_mismatch',
    t(
      ctx,
      `The browser came back with a state this PGO did not send: a possible CSRF (a forged answer planted in this browser), so ${carried}.`,
      `De browser kwam terug met een state die deze PGO niet heeft verstuurd: mogelijk CSRF (een vervalst antwoord dat in deze browser is geplant), dus ${carried}.`,
    ),
    t(
      ctx,
      "Refuse this return without acting on it: do not show its error as the zorgaanbieder's answer and never exchange its code. Start again from step 1 in the same browser tab.",
      'Weiger dit antwoord zonder er iets mee te doen: toon de fout niet als antwoord van de zorgaanbieder en wissel de code nooit in. Begin opnieuw bij stap 1 in hetzelfde tabblad.',
    ),
    cmp.reason,
    MEDMIJ_SPEC.csrf,
  );
}

/** End the step as failed with the error the authorization server sent back, explained by MedMij's table. */
function failWithCallbackError(ctx: Ctx): never {
  const params = callbackParams(ctx);
  requireOwnState(ctx, params);
  if (!params.get('error')) {
    fail(
      'inconsistent',
      t(
        ctx,
        'The authorization server stopped here, but the callback carries no error.',
        'De autorisatieserver stopte hier, maar de callback heeft geen fout.',
      ),
      t(ctx, "Compare the callback URL with the server's record.", 'Vergelijk de callback-URL met het verslag van de server.'),
      ctx.state.callbackUrl,
    );
  }
  throw new StepFailure(authorizationStepError(params, ctx.state.lang));
}

function inspected(ctx: Ctx): InspectedSession {
  if (!ctx.state.inspect) failWithCallbackError(ctx);
  return ctx.state.inspect;
}

const teachingAid = (lang: Lang) =>
  lang === 'nl'
    ? 'Uit het inspectie-endpoint van de playground: een echte autorisatieserver laat dit niet zien.'
    : "From the playground's inspection endpoint: a real authorization server does not publish this.";

const asSession = defineStep<MedMijState>({
  id: 'as-session',
  number: '3',
  ...medmijTexts('as-session'),
  actors: ['auth-server'],
  channel: 'back-channel',
  carries: 'a session at the Authorization Server',
  onReturn: 'at-server',
  spec: [MEDMIJ_SPEC.authorizationRequest, MEDMIJ_SPEC.authorizationErrors],
  async run(ctx) {
    // The first step after the browser's return: keep the URL it came back with for the later steps.
    const callbackUrl = ctx.incomingUrl ?? ctx.state.callbackUrl;
    if (!callbackUrl)
      fail(
        'not_returned',
        t(ctx, 'The browser has not come back from the authorization server yet.', 'De browser is nog niet terug van de autorisatieserver.'),
        t(ctx, 'Finish the pages at DigiD and the zorgaanbieder, or start over.', "Rond de pagina's bij DigiD en de zorgaanbieder af, of begin opnieuw."),
      );
    ctx.setState({ callbackUrl });
    // The return is the PGO's to check first: only a return with its own state tells anything about its request.
    requireOwnState(ctx, new URL(callbackUrl).searchParams);
    const service = need(ctx.state, 'service', presentChoice, 'the chosen zorgaanbieder and gegevensdienst');
    const sentState = need(ctx.state, 'sentState', authorizationRequest, 'the state sent');
    const clientId = need(ctx.state, 'clientId', presentChoice, 'the client_id');
    const inspectUrl = `${service.authorizationEndpoint.replace(/\/oauth\/authorize$/, '/playground/session')}/${encodeURIComponent(sentState)}?client_id=${encodeURIComponent(clientId)}`;
    const answer = await fetchText(ctx, inspectUrl, { headers: { accept: 'application/json' } });
    if (answer.status === 404) {
      // No session: the authorization server refused the request outright.
      failWithCallbackError(ctx);
    }
    if (answer.status !== 200)
      fail(
        'inspect_failed',
        t(ctx, `The inspection endpoint answered HTTP ${answer.status}.`, `Het inspectie-endpoint antwoordde HTTP ${answer.status}.`),
        teachingAid(ctx.state.lang),
      );
    const session = JSON.parse(answer.body) as InspectedSession;
    ctx.setState({ inspect: session });
    ctx.addArtifact({
      kind: 'checks',
      label: t(ctx, "The authorization server's checks of the request", 'Controles van de autorisatieserver op het verzoek'),
      checks: session.requestChecks,
    });
    ctx.addArtifact({
      kind: 'table',
      label: t(ctx, 'Session', 'Sessie'),
      columns: [t(ctx, 'field', 'veld'), t(ctx, 'value', 'waarde')],
      rows: [
        ['session id', session.id],
        ['client_id', session.request.client_id],
        ['OAuthclientOrganisatienaam', session.clientName],
        ['scope', `${session.request.scope} (${session.scopeForm}, gegevensdienst ${session.dienst})`],
      ],
    });
    ctx.addArtifact({ kind: 'value', label: t(ctx, 'Note', 'Let op'), value: teachingAid(ctx.state.lang) });
    return done;
  },
});

const digidAuthnRequest = defineStep<MedMijState>({
  id: 'digid-authnrequest',
  number: '4',
  ...medmijTexts('digid-authnrequest'),
  actors: ['auth-server', 'browser', 'digid'],
  channel: 'front-channel',
  carries: '302 → DigiD (SAML AuthnRequest)',
  onReturn: 'at-server',
  spec: [MEDMIJ_SPEC.samlBindings, MEDMIJ_SPEC.digidSaml],
  async run(ctx) {
    const s = inspected(ctx);
    if (!s.authn) failWithCallbackError(ctx);
    ctx.recordRedirect(
      s.authn.url,
      'outgoing',
      t(ctx, 'Sent by the authorization server (not by the PGO) to DigiD.', 'Door de autorisatieserver (niet de PGO) naar DigiD gestuurd.'),
    );
    const samlRequest = new URL(s.authn.url).searchParams.get('SAMLRequest') ?? '';
    const decoded = await decodeSamlRequest(samlRequest);
    ctx.addArtifact({ kind: 'value', label: 'SAMLRequest (deflate-raw + base64)', value: samlRequest });
    ctx.addArtifact({
      kind: 'xml',
      label: 'AuthnRequest',
      xml: decoded,
      note: t(ctx, 'Decoded here from the URL: base64, then raw inflate.', 'Hier uit de URL gedecodeerd: base64, dan raw inflate.'),
    });
    ctx.addArtifact({
      kind: 'compare',
      label: t(ctx, 'Decoded = what the server built', 'Gedecodeerd = wat de server bouwde'),
      sentLabel: 'server',
      sent: s.authn.xml,
      returnedLabel: 'decoded',
      returned: decoded,
      equal: decoded === s.authn.xml,
    });
    ctx.addArtifact({
      kind: 'value',
      label: 'RelayState',
      value: new URL(s.authn.url).searchParams.get('RelayState') ?? '',
      note: t(ctx, 'The session id: DigiD hands it back unchanged.', 'Het sessie-id: DigiD geeft het ongewijzigd terug.'),
    });
    return done;
  },
});

const digidLogin = defineStep<MedMijState>({
  id: 'digid-login',
  number: '5',
  ...medmijTexts('digid-login'),
  actors: ['digid', 'user'],
  channel: 'front-channel',
  carries: 'sign-in at DigiD',
  onReturn: 'at-server',
  spec: [MEDMIJ_SPEC.digidSaml],
  async run(ctx) {
    const s = inspected(ctx);
    const d = s.digid;
    const outcome = !d
      ? t(ctx, 'unknown: the authorization server has no DigiD result', 'onbekend')
      : d.ok
        ? t(ctx, `logged in at level ${d.level}`, `ingelogd op niveau ${d.level}`)
        : `${d.subStatus ?? d.status ?? ''} ${d.message ?? ''}`.trim() || t(ctx, 'not logged in', 'niet ingelogd');
    ctx.addArtifact({
      kind: 'table',
      label: 'DigiD',
      columns: [t(ctx, 'field', 'veld'), t(ctx, 'value', 'waarde')],
      rows: [
        [t(ctx, 'minimum level asked', 'gevraagd minimumniveau'), s.authn?.level ?? ''],
        [t(ctx, 'outcome', 'uitkomst'), outcome],
      ],
    });
    return done;
  },
});

const digidArtifact = defineStep<MedMijState>({
  id: 'digid-artifact',
  number: '6',
  ...medmijTexts('digid-artifact'),
  actors: ['digid', 'browser', 'auth-server'],
  channel: 'front-channel',
  carries: '302 → the AS (SAMLart)',
  onReturn: 'at-server',
  spec: [MEDMIJ_SPEC.samlBindings],
  async run(ctx) {
    const s = inspected(ctx);
    if (!s.acs || !s.authn) failWithCallbackError(ctx);
    ctx.recordRedirect(
      s.acs.url,
      'incoming',
      t(
        ctx,
        "DigiD sends the browser to the authorization server's ACS (not to the PGO).",
        'DigiD stuurt de browser naar de ACS van de autorisatieserver (niet naar de PGO).',
      ),
    );
    const checks: Check[] = [...s.acs.artifactChecks];
    try {
      const a = decodeArtifact(s.acs.artifact);
      ctx.addArtifact({
        kind: 'table',
        label: 'SAMLart',
        columns: ['part', 'bytes', 'value'],
        rows: [
          ['TypeCode', '2', a.typeCode],
          ['EndpointIndex', '2', String(a.endpointIndex)],
          ['SourceID', '20', a.sourceId],
          ['MessageHandle', '20', a.messageHandle],
        ],
      });
      const idp = digidEntityId(new URL(s.authn.url).origin);
      const expected = await sha1Hex(idp);
      checks.push({
        name: t(ctx, 'Recomputed here: 44 bytes, type 0x0004', 'Hier nagerekend: 44 bytes, type 0x0004'),
        ok: a.length === 44 && a.typeCode === '0x0004',
        detail: `${a.length} bytes, ${a.typeCode}`,
      });
      checks.push({
        name: t(ctx, 'Recomputed here: SourceID = SHA-1(DigiD entityID)', 'Hier nagerekend: SourceID = SHA-1(entityID van DigiD)'),
        ok: a.sourceId === expected,
        detail: `SHA-1("${idp}") = ${expected}`,
      });
    } catch (e) {
      checks.push({ name: 'SAMLart decodes', ok: false, detail: errorText(e) });
    }
    checks.push({ name: 'RelayState = session id', ok: s.acs.relayState === s.id, detail: s.acs.relayState });
    ctx.addArtifact({ kind: 'checks', label: t(ctx, 'Artifact checks', 'Controles op het artifact'), checks });
    if (s.acs.artifactChecks.some((c) => !c.ok)) failWithCallbackError(ctx);
    return done;
  },
});

const artifactResolve = defineStep<MedMijState>({
  id: 'artifact-resolve',
  number: '7',
  ...medmijTexts('artifact-resolve'),
  actors: ['auth-server', 'digid'],
  channel: 'back-channel',
  carries: 'SOAP ArtifactResolve → BSN',
  onReturn: 'at-server',
  spec: [MEDMIJ_SPEC.samlCore, MEDMIJ_SPEC.digidSaml],
  async run(ctx) {
    const s = inspected(ctx);
    const r = s.artifactResolve;
    if (r) {
      ctx.addArtifact({ kind: 'xml', label: `ArtifactResolve (SOAP 1.1, POST ${r.url})`, xml: r.request });
      if (r.response)
        ctx.addArtifact({
          kind: 'xml',
          label: `ArtifactResponse (HTTP ${r.status})`,
          xml: r.response,
          note: t(
            ctx,
            'The NameID holds the BSN: it stays at the zorgaanbieder and never reaches the PGO.',
            'De NameID bevat het BSN: dat blijft bij de zorgaanbieder en bereikt de PGO nooit.',
          ),
        });
    }
    if (s.digid)
      ctx.addArtifact({
        kind: 'checks',
        label: t(ctx, "The authorization server's checks of the answer", 'Controles van de autorisatieserver op het antwoord'),
        checks: s.digid.checks,
      });
    if (!s.digid?.ok) failWithCallbackError(ctx);
    ctx.addArtifact({ kind: 'value', label: t(ctx, 'Level of assurance reached', 'Bereikt betrouwbaarheidsniveau'), value: s.digid.level ?? '' });
    return done;
  },
});

const availability = defineStep<MedMijState>({
  id: 'availability',
  number: '8',
  ...medmijTexts('availability'),
  actors: ['auth-server'],
  channel: 'in-server',
  carries: 'is the data there?',
  onReturn: 'at-server',
  spec: [MEDMIJ_SPEC.afsprakenstelsel],
  async run(ctx) {
    const s = inspected(ctx);
    if (!s.availability) failWithCallbackError(ctx);
    ctx.addArtifact({ kind: 'checks', label: t(ctx, 'Availability check (beschikbaarheidstoets)', 'Beschikbaarheidstoets'), checks: s.availability.checks });
    if (!s.availability.ok) failWithCallbackError(ctx);
    return done;
  },
});

const consent = defineStep<MedMijState>({
  id: 'consent',
  number: '9',
  ...medmijTexts('consent'),
  actors: ['user', 'auth-server'],
  channel: 'front-channel',
  carries: 'the consent question',
  onReturn: 'at-server',
  spec: [MEDMIJ_SPEC.userInterface],
  async run(ctx) {
    const s = inspected(ctx);
    if (!s.consent) failWithCallbackError(ctx);
    const c = s.consent;
    if (c.question)
      ctx.addArtifact({
        kind: 'value',
        label: t(ctx, 'The consent question (Toestemmingsverklaring)', 'De toestemmingsvraag (Toestemmingsverklaring)'),
        value: c.question,
      });
    ctx.addArtifact({ kind: 'value', label: t(ctx, 'Answer', 'Antwoord'), value: c.decision, note: c.note });
    if (c.decision !== 'allow') failWithCallbackError(ctx);
    return done;
  },
});

const codeRedirect = defineStep<MedMijState>({
  id: 'code-redirect',
  number: '10',
  ...medmijTexts('code-redirect'),
  actors: ['auth-server', 'browser'],
  channel: 'front-channel',
  carries: '302 → redirect_uri (code, state)',
  onReturn: 'at-server',
  spec: [MEDMIJ_SPEC.authorizationResponse],
  async run(ctx) {
    const s = inspected(ctx);
    if (!s.result?.code) failWithCallbackError(ctx);
    ctx.addArtifact({
      kind: 'value',
      label: t(ctx, 'Redirect sent by the authorization server', 'Redirect van de autorisatieserver'),
      value: s.result.location,
    });
    return done;
  },
});

// ------------------------------------------------------------------ 11

const callback = defineStep<MedMijState>({
  id: 'callback',
  number: '11',
  ...medmijTexts('callback'),
  actors: ['browser', 'pgo-server'],
  channel: 'front-channel',
  carries: 'GET /callback?code=…&state=…',
  onReturn: 'callback',
  spec: [MEDMIJ_SPEC.authorizationResponse, MEDMIJ_SPEC.csrf],
  async run(ctx) {
    const url = ctx.state.callbackUrl;
    if (!url) fail('not_returned', t(ctx, 'No callback URL.', 'Geen callback-URL.'), t(ctx, 'Start over.', 'Begin opnieuw.'));
    ctx.recordRedirect(url, 'incoming', t(ctx, "The browser comes back to the PGO's redirect_uri.", 'De browser komt terug op de redirect_uri van de PGO.'));
    const params = new URL(url).searchParams;
    requireOwnState(ctx, params, true);
    if (params.get('error')) failWithCallbackError(ctx);
    const code = params.get('code');
    if (!code)
      fail(
        'no_code',
        t(ctx, 'The callback carries neither code nor error.', 'De callback bevat geen code en geen fout.'),
        t(ctx, 'Start again.', 'Begin opnieuw.'),
      );
    ctx.addArtifact({
      kind: 'opaque-token',
      label: 'code',
      value: code,
      note: t(ctx, 'UUIDv4, valid 900 seconds, single use.', 'UUIDv4, 900 seconden geldig, eenmalig.'),
    });
    ctx.setState({ code });
    return done;
  },
});

// ------------------------------------------------------------------ 12, 13

const tokenRequest = defineStep<MedMijState>({
  id: 'token-request',
  number: '12',
  ...medmijTexts('token-request'),
  actors: ['pgo-server', 'auth-server'],
  channel: 'back-channel',
  carries: 'POST /token (authorization_code)',
  spec: [MEDMIJ_SPEC.tokenRequest],
  async run(ctx) {
    const { simulate } = ctx.state;
    const service = need(ctx.state, 'service', presentChoice, 'the chosen zorgaanbieder and gegevensdienst');
    const code = need(ctx.state, 'code', callback, 'the authorization code');
    const redirectUri = need(ctx.state, 'redirectUri', authorizationRequest, 'the redirect_uri');
    const clientId = need(ctx.state, 'clientId', presentChoice, 'the client_id');
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId });
    if (simulate === 'token-invalid-request') form.delete('redirect_uri');
    if (simulate === 'token-invalid-client') form.set('client_id', 'unknown-pgo.example');
    if (simulate === 'token-unsupported-grant-type') form.set('grant_type', 'password');
    if (simulate === 'token-invalid-scope') form.set('scope', service.dienstId === '1' ? '4' : '1');
    const send = () =>
      fetchText(ctx, service.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      });
    let answer = await send();
    if (simulate === 'token-invalid-grant') {
      ctx.addArtifact({
        kind: 'value',
        label: t(ctx, 'Simulation', 'Simulatie'),
        value: t(ctx, 'The PGO sends the same code a second time.', 'De PGO stuurt dezelfde code een tweede keer.'),
      });
      answer = await send();
    }
    const sim = SIMULATIONS.find((x) => x.id === simulate);
    if (sim?.table === 'token') ctx.addArtifact({ kind: 'value', label: t(ctx, 'Simulated', 'Gesimuleerd'), value: sim.label[ctx.state.lang] });
    ctx.setState({ tokenAnswer: answer });
    return done;
  },
});

const TOKEN_ERRORS = ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope'];
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const tokenResponse = defineStep<MedMijState>({
  id: 'token-response',
  number: '13',
  ...medmijTexts('token-response'),
  actors: ['auth-server', 'pgo-server'],
  channel: 'back-channel',
  carries: '200 access_token',
  spec: [MEDMIJ_SPEC.tokenResponse, MEDMIJ_SPEC.tokenErrors],
  async run(ctx) {
    const a = need(ctx.state, 'tokenAnswer', tokenRequest, "the token endpoint's answer");
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(a.body) as Record<string, unknown>;
    } catch {
      fail(
        'not_json',
        t(ctx, 'The token answer is not JSON.', 'Het token-antwoord is geen JSON.'),
        t(ctx, 'Check the token endpoint URL from the ZAL.', 'Controleer het token endpoint uit de ZAL.'),
        a.body.slice(0, 120),
      );
    }
    ctx.addArtifact({ kind: 'json', label: `HTTP ${a.status}`, value: body });
    if (a.status !== 200 || typeof body.error === 'string') {
      const error = fieldText(body.error, `http_${a.status}`);
      ctx.addArtifact({
        kind: 'checks',
        label: 'RFC0015',
        checks: [
          { name: t(ctx, 'An RFC 6749 §5.2 error code', 'Een foutcode uit RFC 6749 §5.2'), ok: TOKEN_ERRORS.includes(error), detail: error },
          {
            name: t(ctx, 'Not access_denied', 'Geen access_denied'),
            ok: error !== 'access_denied',
            detail: t(ctx, 'MedMij RFC0015: the token interface answers §5.2 errors only', 'MedMij RFC0015: de token-interface geeft alleen §5.2-fouten'),
          },
          { name: 'Cache-Control: no-store', ok: (a.headers['cache-control'] ?? '').includes('no-store'), detail: a.headers['cache-control'] ?? '(none)' },
        ],
      });
      throw new StepFailure(
        oauthStepError(
          { error, error_description: typeof body.error_description === 'string' ? body.error_description : undefined },
          'token',
          t(ctx, 'The token endpoint', 'Het token endpoint'),
        ),
      );
    }
    const token = fieldText(body.access_token);
    ctx.addArtifact({
      kind: 'checks',
      label: t(ctx, 'Token response', 'Token-antwoord'),
      checks: [
        { name: 'access_token is a UUIDv4', ok: UUID4.test(token), detail: token },
        { name: 'token_type bearer', ok: String(body.token_type).toLowerCase() === 'bearer', detail: String(body.token_type) },
        { name: 'expires_in 900', ok: body.expires_in === 900, detail: String(body.expires_in) },
        { name: 'Cache-Control: no-store', ok: (a.headers['cache-control'] ?? '').includes('no-store'), detail: a.headers['cache-control'] ?? '(none)' },
      ],
    });
    ctx.addArtifact({
      kind: 'opaque-token',
      label: 'access_token',
      value: token,
      note: t(
        ctx,
        "Opaque: it means something only to this zorgaanbieder's servers.",
        'Ondoorzichtig: het betekent alleen iets voor de servers van deze zorgaanbieder.',
      ),
    });
    ctx.setState({ accessToken: token });
    return done;
  },
});

// ------------------------------------------------------------------ 14, 15, 16

function bsnChecks(ctx: Ctx, what: string, text: string): Check[] {
  const system = text.includes('http://fhir.nl/fhir/NamingSystem/bsn');
  const numbers = bsnLikeNumbers(text);
  return [
    {
      name: t(ctx, `${what}: no BSN naming system`, `${what}: geen BSN-naamsysteem`),
      ok: !system,
      detail: system ? 'http://fhir.nl/fhir/NamingSystem/bsn found' : t(ctx, 'absent', 'afwezig'),
    },
    {
      name: t(ctx, `${what}: no 9-digit number passing the 11-test`, `${what}: geen 9-cijferig getal dat de elfproef doorstaat`),
      ok: numbers.length === 0,
      detail: numbers.length ? numbers.join(', ') : t(ctx, 'none', 'geen'),
    },
  ];
}

const RESOURCE_PATHS: Record<string, string> = { '1': 'Patient', '2': 'MedicationStatement', '4': 'Observation?category=laboratory' };

const resourceRequest = defineStep<MedMijState>({
  id: 'resource-request',
  number: '14',
  ...medmijTexts('resource-request'),
  actors: ['pgo-server', 'resource-server'],
  channel: 'back-channel',
  carries: 'GET FHIR resource (Bearer)',
  spec: [MEDMIJ_SPEC.bearer],
  async run(ctx) {
    const service = need(ctx.state, 'service', presentChoice, 'the chosen zorgaanbieder and gegevensdienst');
    const accessToken = need(ctx.state, 'accessToken', tokenResponse, 'the access token');
    const url = `${service.resourceEndpoint}/${RESOURCE_PATHS[service.dienstId] ?? 'Patient'}`;
    const headers = { authorization: `Bearer ${accessToken}`, accept: 'application/fhir+json' };
    ctx.addArtifact({
      kind: 'checks',
      label: t(ctx, 'The request names no person', 'Het verzoek noemt geen persoon'),
      checks: bsnChecks(ctx, t(ctx, 'Request', 'Verzoek'), `${url}\n${JSON.stringify(headers)}`),
    });
    const answer = await fetchText(ctx, url, { headers });
    ctx.setState({ resourceUrl: url, resourceAnswer: answer });
    return done;
  },
});

const resourceResponse = defineStep<MedMijState>({
  id: 'resource-response',
  number: '15',
  ...medmijTexts('resource-response'),
  actors: ['resource-server', 'pgo-server'],
  channel: 'back-channel',
  carries: '200 FHIR Bundle',
  spec: [MEDMIJ_SPEC.bearer],
  async run(ctx) {
    const a = need(ctx.state, 'resourceAnswer', resourceRequest, "the resource server's answer");
    const checks = bsnChecks(ctx, t(ctx, 'Response', 'Antwoord'), a.body);
    let body: { resourceType?: string; issue?: { diagnostics?: string }[] } = {};
    try {
      body = JSON.parse(a.body) as typeof body;
    } catch {
      /* reported below */
    }
    checks.unshift({
      name: t(ctx, 'A FHIR Bundle', 'Een FHIR Bundle'),
      ok: a.status === 200 && body.resourceType === 'Bundle',
      detail: `HTTP ${a.status}, ${body.resourceType ?? 'not FHIR JSON'}`,
    });
    ctx.addArtifact({ kind: 'checks', label: t(ctx, 'The answer', 'Het antwoord'), checks });
    ctx.addArtifact({ kind: 'json', label: 'FHIR', value: body });
    if (a.status !== 200) {
      const www = a.headers['www-authenticate'] ?? '';
      const challenged = /error="([^"]+)"/.exec(www)?.[1];
      const code = challenged === undefined ? 'http_error' : oauthErrorCode(challenged);
      fail(
        code,
        t(ctx, `The resource server answered HTTP ${a.status}.`, `De resource server antwoordde HTTP ${a.status}.`),
        t(ctx, 'Check the token and the request path for this gegevensdienst.', 'Controleer het token en het pad voor deze gegevensdienst.'),
        body.issue?.[0]?.diagnostics ?? www,
        MEDMIJ_SPEC.bearer,
      );
    }
    if (checks.some((c) => !c.ok))
      fail(
        'bsn_in_answer',
        t(ctx, 'The answer carries a BSN.', 'Het antwoord bevat een BSN.'),
        t(ctx, 'A MedMij resource server must not send the BSN.', 'Een MedMij resource server stuurt geen BSN.'),
      );
    return done;
  },
});

interface Entry {
  resource: Record<string, unknown> & { resourceType: string; id: string };
}

function describeResource(r: Entry['resource']): [string, string, string] {
  const text = (c: unknown) =>
    (c as { text?: string; coding?: { display?: string }[] } | undefined)?.text ??
    (c as { coding?: { display?: string }[] } | undefined)?.coding?.[0]?.display ??
    '';
  switch (r.resourceType) {
    case 'Patient':
      return [(r.name as { text?: string }[] | undefined)?.[0]?.text ?? r.id, fieldText(r.birthDate), ''];
    case 'Observation': {
      return [text(r.code), observationValue(r), fieldText(r.effectiveDateTime).slice(0, 10)];
    }
    case 'MedicationStatement':
      return [text(r.medicationCodeableConcept), (r.dosage as { text?: string }[] | undefined)?.[0]?.text ?? '', ''];
    default:
      return [text(r.code), '', fieldText(r.onsetDateTime).slice(0, 10)];
  }
}

const present = defineStep<MedMijState>({
  id: 'present',
  number: '16',
  ...medmijTexts('present'),
  actors: ['pgo-server', 'pgo-presenter', 'user'],
  channel: 'local',
  carries: 'stored in the dossier',
  spec: [MEDMIJ_SPEC.afsprakenstelsel],
  async run(ctx) {
    const answer = need(ctx.state, 'resourceAnswer', resourceRequest, "the resource server's answer");
    const service = need(ctx.state, 'service', presentChoice, 'the chosen zorgaanbieder and gegevensdienst');
    const bundle = JSON.parse(answer.body) as { entry?: Entry[] };
    ctx.addArtifact({
      kind: 'table',
      label: `${service.dienstName} — ${service.zorgaanbieder}`,
      columns: ['resource', t(ctx, 'what', 'wat'), t(ctx, 'value', 'waarde'), t(ctx, 'date', 'datum')],
      rows: (bundle.entry ?? []).map((e) => [`${e.resource.resourceType}/${e.resource.id}`, ...describeResource(e.resource)]),
    });
    return done;
  },
});

export const MEDMIJ_STEPS: StepDefinition<MedMijState>[] = [
  presentChoice,
  authorizationRequest,
  asSession,
  digidAuthnRequest,
  digidLogin,
  digidArtifact,
  artifactResolve,
  availability,
  consent,
  codeRedirect,
  callback,
  tokenRequest,
  tokenResponse,
  resourceRequest,
  resourceResponse,
  present,
];
