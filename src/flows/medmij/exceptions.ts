import { medmijScenarioSegment, type MedMijScenarioRequest } from '../../../mocks/public';
import type { SpecLink, StepError } from '../../journal/types';
import { describeOAuthError, oauthErrorCode, SPEC } from '../../protocol';
import type { Lang } from './i18n';

/**
 * MedMij's exception tables and the playground's ways to reach each row.
 * Some rows are reached by the PGO itself sending something wrong (client
 * side); the others by a scenario in the mock's URLs (server side), which the
 * PGO reaches through the ZAL it reads; and several also naturally (an
 * under-16 account, Annuleren at DigiD, Weigeren at consent).
 */
export const MEDMIJ_SPEC = {
  afsprakenstelsel: { label: 'MedMij Afsprakenstelsel', url: 'https://afsprakenstelsel.medmij.nl/' },
  userInterface: {
    label: 'MedMij: User interface (Autorisatieserver), consent question',
    url: 'https://afsprakenstelsel.medmij.nl/asverplicht/mmverplicht/user-interface-autorisatieserver',
  },
  digidSaml: {
    label: 'Logius: Koppelvlakspecificatie DigiD SAML-authenticatie',
    url: 'https://www.logius.nl/domeinen/toegang/digid/documentatie/koppelvlakspecificatie-digid-saml-authenticatie',
  },
  samlBindings: {
    label: 'SAML 2.0 Bindings §3.4 HTTP-Redirect, §3.6 HTTP-Artifact',
    url: 'https://docs.oasis-open.org/security/saml/v2.0/saml-bindings-2.0-os.pdf',
  },
  samlCore: { label: 'SAML 2.0 Core §3.5 Artifact resolution', url: 'https://docs.oasis-open.org/security/saml/v2.0/saml-core-2.0-os.pdf' },
  authorizationRequest: { label: 'RFC 6749 §4.1.1 Authorization request', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1' },
  authorizationResponse: { label: 'RFC 6749 §4.1.2 Authorization response', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2' },
  tokenRequest: { label: 'RFC 6749 §4.1.3 Access token request', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3' },
  tokenResponse: { label: 'RFC 6749 §5.1 Successful response', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-5.1' },
  bearer: { label: 'RFC 6750 §2.1 Authorization request header', url: 'https://www.rfc-editor.org/rfc/rfc6750#section-2.1' },
  authorizationErrors: SPEC.authorizationErrors,
  tokenErrors: SPEC.tokenErrors,
  csrf: SPEC.csrf,
} as const satisfies Record<string, SpecLink>;

export type Simulation =
  | 'none'
  | 'authorize-invalid-request'
  | 'digid-cancel'
  | 'digid-fail'
  | 'no-data'
  | 'under-16'
  | 'consent-deny'
  | 'consent-undecidable'
  | 'token-invalid-request'
  | 'token-invalid-client'
  | 'token-invalid-grant'
  | 'token-unauthorized-client'
  | 'token-unsupported-grant-type'
  | 'token-invalid-scope';

export interface SimulationInfo {
  id: Simulation;
  table: 'none' | 'authorization' | 'token';
  error?: string;
  description?: string;
  /** The step (MedMij number) where the run ends. */
  endsAt?: string;
  label: Record<Lang, string>;
}

export const SIMULATIONS: SimulationInfo[] = [
  { id: 'none', table: 'none', label: { en: 'Nothing: the happy path', nl: 'Niets: alles gaat goed' } },
  {
    id: 'authorize-invalid-request',
    table: 'authorization',
    error: 'invalid_request',
    endsAt: '3',
    label: {
      en: 'Invalid request (the PGO asks for a gegevensdienst the zorgaanbieder does not offer)',
      nl: 'Ongeldig verzoek (de PGO vraagt een gegevensdienst die de zorgaanbieder niet aanbiedt)',
    },
  },
  {
    id: 'digid-cancel',
    table: 'authorization',
    error: 'unauthorized_client',
    endsAt: '7',
    label: { en: 'DigiD cancelled (or press Annuleren yourself)', nl: 'DigiD geannuleerd (of klik zelf op Annuleren)' },
  },
  {
    id: 'digid-fail',
    table: 'authorization',
    error: 'unauthorized_client',
    endsAt: '7',
    label: { en: 'DigiD login failed', nl: 'Inloggen bij DigiD mislukt' },
  },
  {
    id: 'no-data',
    table: 'authorization',
    error: 'access_denied',
    description: 'No such resources.',
    endsAt: '8',
    label: { en: 'No data for this person', nl: 'Geen gegevens voor deze persoon' },
  },
  {
    id: 'under-16',
    table: 'authorization',
    error: 'access_denied',
    description: 'No such resources.',
    endsAt: '8',
    label: { en: 'Under 16 (preselects Emma, 15, at DigiD)', nl: 'Jonger dan 16 (selecteert Emma, 15, bij DigiD)' },
  },
  {
    id: 'consent-deny',
    table: 'authorization',
    error: 'access_denied',
    description: 'Authorization denied.',
    endsAt: '9',
    label: { en: 'Consent refused (or press Weigeren yourself)', nl: 'Toestemming geweigerd (of klik zelf op Weigeren)' },
  },
  {
    id: 'consent-undecidable',
    table: 'authorization',
    error: 'access_denied',
    description: 'Authorization failed.',
    endsAt: '9',
    label: { en: 'Consent cannot be established', nl: 'Toestemming niet vast te stellen' },
  },
  {
    id: 'token-invalid-request',
    table: 'token',
    error: 'invalid_request',
    endsAt: '13',
    label: { en: 'Token: the PGO leaves out redirect_uri', nl: 'Token: de PGO laat redirect_uri weg' },
  },
  {
    id: 'token-invalid-client',
    table: 'token',
    error: 'invalid_client',
    endsAt: '13',
    label: { en: 'Token: a client_id not on the OCL', nl: 'Token: een client_id die niet op de OCL staat' },
  },
  {
    id: 'token-invalid-grant',
    table: 'token',
    error: 'invalid_grant',
    endsAt: '13',
    label: { en: 'Token: the PGO uses the code twice', nl: 'Token: de PGO gebruikt de code twee keer' },
  },
  {
    id: 'token-unauthorized-client',
    table: 'token',
    error: 'unauthorized_client',
    endsAt: '13',
    label: { en: 'Token: the client may not use this grant', nl: 'Token: de client mag deze grant niet gebruiken' },
  },
  {
    id: 'token-unsupported-grant-type',
    table: 'token',
    error: 'unsupported_grant_type',
    endsAt: '13',
    label: { en: 'Token: grant_type=password', nl: 'Token: grant_type=password' },
  },
  {
    id: 'token-invalid-scope',
    table: 'token',
    error: 'invalid_scope',
    endsAt: '13',
    label: { en: 'Token: a scope other than the consent', nl: 'Token: een andere scope dan de toestemming' },
  },
];

/** The mock's scenario for a simulation (server-side faults), as the URL path segment the lists are read under. */
export function scenarioSegment(simulation: Simulation, accountHint: string): string | undefined {
  const s: MedMijScenarioRequest = {};
  if (simulation === 'digid-cancel') s.digid = 'cancel';
  if (simulation === 'digid-fail') s.digid = 'fail';
  if (simulation === 'no-data') s.availability = 'no-data';
  if (simulation === 'consent-deny') s.consent = 'deny';
  if (simulation === 'consent-undecidable') s.consent = 'undecidable';
  if (simulation === 'token-unauthorized-client') s.token = 'unauthorized_client';
  // Which account is under 16 is the mock's to know: it picks one.
  if (simulation === 'under-16') s.under16 = true;
  else if (accountHint) s.account = accountHint;
  return medmijScenarioSegment(s);
}

const ROWS: Record<string, Record<Lang, { meaning: string; hint: string }>> = {
  invalid_request: {
    en: {
      meaning: 'the authorization request is invalid (MedMij: exception "invalid request")',
      hint: 'The error_description names the parameter. Compare the request with the ZAL: the scope must be a gegevensdienst this zorgaanbieder offers.',
    },
    nl: {
      meaning: 'het autorisatieverzoek is ongeldig (MedMij-uitzondering "ongeldig verzoek")',
      hint: 'De error_description noemt de parameter. Vergelijk het verzoek met de ZAL: de scope moet een gegevensdienst van deze zorgaanbieder zijn.',
    },
  },
  unauthorized_client: {
    en: {
      meaning: 'the DigiD login failed or was cancelled (MedMij uses unauthorized_client for this)',
      hint: 'Start again and log in at DigiD with a test account; tell the person the login did not succeed.',
    },
    nl: {
      meaning: 'inloggen bij DigiD is mislukt of geannuleerd (MedMij gebruikt hiervoor unauthorized_client)',
      hint: 'Begin opnieuw en log in bij DigiD met een testaccount; vertel de persoon dat het inloggen niet lukte.',
    },
  },
  'No such resources.': {
    en: {
      meaning: 'the zorgaanbieder has no data for this person and gegevensdienst, or the person is under 16 — the PGO is not told which',
      hint: 'Try another zorgaanbieder or gegevensdienst, or a DigiD account of 16 or older with data there.',
    },
    nl: {
      meaning: 'de zorgaanbieder heeft geen gegevens van deze persoon voor deze gegevensdienst, of de persoon is jonger dan 16 — de PGO hoort niet welke',
      hint: 'Kies een andere zorgaanbieder of gegevensdienst, of een DigiD-account van 16 of ouder met gegevens daar.',
    },
  },
  'Authorization denied.': {
    en: {
      meaning: 'the person refused consent',
      hint: 'The PGO tells the person nothing was collected, without blaming anyone. Start again and choose Toestaan to collect.',
    },
    nl: {
      meaning: 'de persoon heeft geen toestemming gegeven',
      hint: 'De PGO meldt dat er niets is verzameld, zonder oorzaak te noemen. Begin opnieuw en kies Toestaan.',
    },
  },
  'Authorization failed.': {
    en: {
      meaning: 'the authorization server could not establish the answer to the consent question',
      hint: "Start again; if it repeats, the zorgaanbieder's server has a problem.",
    },
    nl: {
      meaning: 'de autorisatieserver kon het antwoord op de toestemmingsvraag niet vaststellen',
      hint: 'Begin opnieuw; gebeurt het weer, dan heeft de server van de zorgaanbieder een probleem.',
    },
  },
};

/** A StepError for an error the authorization server sent back to the redirect_uri, explained by MedMij's table. */
export function authorizationStepError(params: URLSearchParams, lang: Lang): StepError {
  const error = params.get('error') ?? '';
  const description = params.get('error_description') ?? '';
  const row = ROWS[error === 'access_denied' ? description : error]?.[lang];
  const fallback = describeOAuthError(error, 'authorize');
  return {
    code: oauthErrorCode(error),
    message:
      lang === 'nl'
        ? `De Authorization Server stuurde de fout "${error}" terug: ${row?.meaning ?? fallback.meaning}`
        : `The Authorization Server sent back the error "${error}": ${row?.meaning ?? fallback.meaning}`,
    cause: description ? `error_description: "${description}"` : 'No error_description.',
    hint: row?.hint ?? fallback.hint,
    spec: row ? MEDMIJ_SPEC.afsprakenstelsel : fallback.spec,
  };
}
