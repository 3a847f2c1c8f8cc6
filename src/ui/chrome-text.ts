/**
 * The words of the flow page's chrome (buttons, the status line, badges,
 * actors, the diagram's legend, the export menu, the run's summary) in the
 * run's language. The step texts have their own translations (the flows');
 * this is everything around them. Plain data and functions: no React.
 */
import type { Actor, StepStatus } from '../journal/types';
import { ACTOR_DESCRIPTIONS, ACTOR_LABELS, CHANNEL_DESCRIPTIONS, CHANNEL_LABELS } from './format';

export type ChromeLang = 'en' | 'nl';

/** The run's language: MedMij's `lang` in its state; every other flow is English. */
export function runLanguage(state: Readonly<Record<string, unknown>>): ChromeLang {
  return state.lang === 'nl' ? 'nl' : 'en';
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const en = {
  continueTo: (title: string) => `Continue: ${title}`,
  runToEnd: 'Run to end',
  startOver: 'Start over',
  startOverKept: 'Start over (your set-up is kept)',
  setup: 'Set-up',
  setupLocked: '(locked while the run is in progress: Start over to change)',
  sequence: 'Sequence',
  export: 'Export',
  exportMarkdown: 'Markdown',
  exportHar: 'HAR',
  exportCurl: 'curl commands',
  status: {
    ready: 'Check the set-up, then press Continue to run the first step.',
    paused: (step: number) => `Paused before step ${step}. Read what happened, then Continue.`,
    pausedAfterReturn: (step: number) => `The browser came back: read what it brought (the steps above), then Continue with step ${step}.`,
    returned: (step: number) => `The browser came back: recording what it brought (step ${step})…`,
    running: (step: number) => `Running step ${step}…`,
    leaving: (step: number, to: string) => `Step ${step} built the request below. Read it, and what happens at ${to}; the browser leaves on Continue.`,
    away: (to: string, step: number, time: string) => `The browser left for ${to} at step ${step} (${time}); the run waits for its answer.`,
    failed: (step: number, message: string) => `The flow stopped at step ${step}: ${message}`,
    finished: 'Flow complete. Every exchange is recorded below; export it if you like.',
  },
  stepStatus: { pending: 'pending', running: 'running', done: 'done', failed: 'failed' } satisfies Record<StepStatus['kind'], string>,
  stepPrefix: (n: string) => `Step ${n}: `,
  whoTakesPart: 'Who takes part',
  specification: 'Specification',
  working: 'Working…',
  details: (exchanges: number, values: number, warnings: number) =>
    `Details: ${plural(exchanges, 'exchange', 'exchanges')}, ${plural(values, 'value', 'values')}${warnings ? `, ${plural(warnings, 'warning', 'warnings')}` : ''}`,
  actors: ACTOR_LABELS,
  /** Lane headings of the sequence diagram: short enough for a phone's width. */
  actorsShort: {
    user: 'User',
    browser: 'Browser',
    app: 'App',
    ehr: 'EHR',
    'auth-server': 'Auth',
    'fhir-server': 'FHIR',
    digid: 'DigiD',
    'pgo-presenter': 'PGO app',
    'pgo-server': 'PGO srv',
    'resource-server': 'Data srv',
    'backend-client': 'Backend',
  } satisfies Record<Actor, string>,
  actorDescriptions: ACTOR_DESCRIPTIONS,
  channels: CHANNEL_LABELS,
  channelDescriptions: CHANNEL_DESCRIPTIONS,
  diagramSteps: 'Steps and who takes part',
  leave: {
    button: (to: string, there: string) => `Continue: go to ${to}${there}`,
    oneStep: (n: string) => ` (step ${n} happens there)`,
    steps: (first: string, last: string) => ` (steps ${first}–${last} happen there)`,
  },
  away: {
    heading: (to: string) => `The run waits for ${to}`,
    where: (step: number, title: string, to: string, time: string) =>
      `At step ${step} (${title}) the browser left for ${to}, at ${time}. The run goes on when the server sends the browser back to this app's /callback with its answer (a code, or an error).`,
    why: "You are here without that answer: you went Back from the server's pages, or opened this page again. Go Forward to return to the server's page, or:",
    resend: 'Resend the authorization request',
    note: 'A new request gets a new state (and, where the flow uses PKCE, a new verifier): the set-up and the steps before it are kept, the old request is abandoned.',
  },
  presenter: {
    toggle: 'Present',
    continueKey: 'continue',
    backKey: 'back',
    fullScreen: 'full screen',
    or: 'or',
    where: (step: number, total: number, title: string) => `Step ${step} of ${total}: ${title}`,
    earlier: ' (an earlier step: nothing runs again)',
    backTo: (step: number) => `Back to step ${step}`,
    previous: 'Previous step',
    next: 'Next step',
  },
  summary: {
    heading: 'What this run obtained and proved',
    obtained: 'Obtained',
    tokens: 'Tokens',
    token: 'Token',
    lifetime: 'Lifetime',
    scopes: 'Scopes',
    notSaid: 'not said',
    refreshed: 'the newest, after a refresh',
    context: 'Launch context',
    data: 'Data read',
    patientRead: (name: string) => `Patient: ${name}`,
    resources: (count: number, type: string) => `${count} × ${type}`,
    nothing: 'Nothing of this kind in this run.',
    proved: 'What the checks proved',
    compare: (label: string, sent: string, returned: string, equal: boolean) =>
      equal ? `${label}: the ${returned} equals the ${sent}` : `${label}: the ${returned} differs from the ${sent}`,
    pkce: (ok: boolean): string =>
      ok
        ? 'PKCE S256: the verifier hashes to the challenge sent, so only this app could redeem the code'
        : 'PKCE S256: the verifier does not hash to the challenge',
    signature: (token: string, valid: boolean, detail: string) =>
      valid ? `${token}: signature verified. ${detail}` : `${token}: signature NOT valid. ${detail}`,
    claim: (token: string, name: string, detail: string) => `${token} ${name}: ${detail}`,
    checks: (label: string, passed: number, total: number) => `${label}: ${passed} of ${total} checks passed`,
    failedChecks: (names: string) => `not passed: ${names}`,
    passed: 'passed',
    failed: 'failed',
    exports: 'Keep the record',
  },
};

export type ChromeText = typeof en;

const nl: ChromeText = {
  continueTo: (title) => `Doorgaan: ${title}`,
  runToEnd: 'Alles uitvoeren',
  startOver: 'Opnieuw beginnen',
  startOverKept: 'Opnieuw beginnen (uw instellingen blijven)',
  setup: 'Instellingen',
  setupLocked: '(vast zolang de run loopt: begin opnieuw om ze te wijzigen)',
  sequence: 'Volgordediagram',
  export: 'Exporteren',
  exportMarkdown: 'Markdown',
  exportHar: 'HAR',
  exportCurl: 'curl-opdrachten',
  status: {
    ready: 'Controleer de instellingen en kies Doorgaan voor de eerste stap.',
    paused: (step) => `Gepauzeerd voor stap ${step}. Lees wat er gebeurde en kies Doorgaan.`,
    pausedAfterReturn: (step) => `De browser is terug: lees wat hij meebracht (de stappen hierboven) en ga door met stap ${step}.`,
    returned: (step) => `De browser is terug: wat hij meebracht wordt vastgelegd (stap ${step})…`,
    running: (step) => `Stap ${step} loopt…`,
    leaving: (step, to) => `Stap ${step} bouwde het verzoek hieronder. Lees het, en wat er gebeurt bij ${to}; de browser vertrekt bij Doorgaan.`,
    away: (to, step, time) => `De browser ging bij stap ${step} naar ${to} (${time}); de run wacht op het antwoord.`,
    failed: (step, message) => `De flow is gestopt bij stap ${step}: ${message}`,
    finished: 'Flow voltooid. Elke uitwisseling staat hieronder; exporteer ze als u wilt.',
  },
  stepStatus: { pending: 'wacht', running: 'bezig', done: 'klaar', failed: 'mislukt' },
  stepPrefix: (n) => `Stap ${n}: `,
  whoTakesPart: 'Wie doet mee',
  specification: 'Specificatie',
  working: 'Bezig…',
  details: (exchanges, values, warnings) =>
    `Details: ${plural(exchanges, 'uitwisseling', 'uitwisselingen')}, ${plural(values, 'waarde', 'waarden')}${warnings ? `, ${plural(warnings, 'waarschuwing', 'waarschuwingen')}` : ''}`,
  actors: {
    user: 'Gebruiker',
    browser: 'Browser',
    app: 'App',
    ehr: 'EPD',
    'auth-server': 'Autorisatieserver',
    'fhir-server': 'FHIR-server',
    digid: 'DigiD',
    'pgo-presenter': 'PGO Presenter',
    'pgo-server': 'PGO Server',
    'resource-server': 'Resource Server',
    'backend-client': 'Backend-client',
  },
  actorsShort: {
    user: 'Gebr.',
    browser: 'Browser',
    app: 'App',
    ehr: 'EPD',
    'auth-server': 'Autor.',
    'fhir-server': 'FHIR',
    digid: 'DigiD',
    'pgo-presenter': 'PGO-app',
    'pgo-server': 'PGO-srv',
    'resource-server': 'Bron',
    'backend-client': 'Backend',
  },
  actorDescriptions: {
    user: 'De persoon die de app gebruikt: een patiënt of een zorgverlener',
    browser: 'De user agent die de redirects over het front-channel draagt',
    app: 'Deze playground, in de rol van de client-applicatie',
    ehr: 'Het elektronisch patiëntendossier dat de app start',
    'auth-server': 'De autorisatieserver die de gebruiker authenticeert en tokens uitgeeft',
    'fhir-server': 'De FHIR-server met de gezondheidsgegevens (de resource server)',
    digid: 'De inlogdienst van de overheid die bewijst wie de gebruiker is',
    'pgo-presenter': 'De persoonlijke gezondheidsomgeving (PGO) zoals de gebruiker die ziet',
    'pgo-server': 'De server van de persoonlijke gezondheidsomgeving (PGO), de OAuth-client in MedMij',
    'resource-server': 'De resource server van de zorgaanbieder, die de gezondheidsgegevens teruggeeft',
    'backend-client': 'Een client aan de serverkant die zonder gebruiker werkt',
  },
  channels: {
    'front-channel': 'redirect via de browser (front-channel)',
    'back-channel': 'directe HTTP-aanroep (back-channel)',
    local: 'in de app',
    'in-server': 'binnen de server',
  },
  channelDescriptions: {
    'front-channel': 'De browser draagt het als redirect: de gebruiker (en alles in de browser) kan het zien en veranderen',
    'back-channel': 'Een directe HTTP-aanroep tussen servers of vanuit de app: de browser draagt het niet',
    local: 'Berekend in de app: er gaat niets over het netwerk',
    'in-server': 'Besloten in een server terwijl de browser weg is: de app ziet alleen de uitkomst',
  },
  diagramSteps: 'Stappen en wie eraan meedoet',
  leave: {
    button: (to, there) => `Doorgaan: naar ${to}${there}`,
    oneStep: (n) => ` (stap ${n} gebeurt daar)`,
    steps: (first, last) => ` (stappen ${first}–${last} gebeuren daar)`,
  },
  away: {
    heading: (to) => `De run wacht op ${to}`,
    where: (step, title, to, time) =>
      `Bij stap ${step} (${title}) ging de browser om ${time} naar ${to}. De run gaat verder als de server de browser terugstuurt naar /callback van deze app, met zijn antwoord (een code of een fout).`,
    why: 'U bent hier zonder dat antwoord: u ging Terug vanaf de pagina’s van de server, of opende deze pagina opnieuw. Ga Vooruit om naar de pagina van de server terug te keren, of:',
    resend: 'Het autorisatieverzoek opnieuw versturen',
    note: 'Een nieuw verzoek krijgt een nieuwe state (en, waar de flow PKCE gebruikt, een nieuwe verifier): de instellingen en de stappen ervoor blijven, het oude verzoek vervalt.',
  },
  presenter: {
    toggle: 'Presenteren',
    continueKey: 'doorgaan',
    backKey: 'terug',
    fullScreen: 'volledig scherm',
    or: 'of',
    where: (step, total, title) => `Stap ${step} van ${total}: ${title}`,
    earlier: ' (een eerdere stap: er wordt niets opnieuw uitgevoerd)',
    backTo: (step) => `Terug naar stap ${step}`,
    previous: 'Vorige stap',
    next: 'Volgende stap',
  },
  summary: {
    heading: 'Wat deze run opleverde en bewees',
    obtained: 'Verkregen',
    tokens: 'Tokens',
    token: 'Token',
    lifetime: 'Geldigheid',
    scopes: 'Scopes',
    notSaid: 'niet vermeld',
    refreshed: 'de nieuwste, na een refresh',
    context: 'Context',
    data: 'Gelezen gegevens',
    patientRead: (name) => `Patiënt: ${name}`,
    resources: (count, type) => `${count} × ${type}`,
    nothing: 'Niets van deze soort in deze run.',
    proved: 'Wat de controles bewezen',
    compare: (label, sent, returned, equal) => (equal ? `${label}: ${returned} is gelijk aan ${sent}` : `${label}: ${returned} verschilt van ${sent}`),
    pkce: (ok) =>
      ok
        ? 'PKCE S256: de verifier geeft gehasht de verstuurde challenge, dus alleen deze app kon de code inwisselen'
        : 'PKCE S256: de verifier geeft gehasht niet de challenge',
    signature: (token, valid, detail) => (valid ? `${token}: handtekening geverifieerd. ${detail}` : `${token}: handtekening NIET geldig. ${detail}`),
    claim: (token, name, detail) => `${token} ${name}: ${detail}`,
    checks: (label, passed, total) => `${label}: ${passed} van ${total} controles geslaagd`,
    failedChecks: (names) => `niet geslaagd: ${names}`,
    passed: 'geslaagd',
    failed: 'mislukt',
    exports: 'Bewaar het verslag',
  },
};

export const CHROME_TEXT: Record<ChromeLang, ChromeText> = { en, nl };
