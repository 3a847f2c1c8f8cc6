/**
 * Dutch and English texts of the MedMij flow. MedMij's own words are Dutch;
 * the steps carry the Dutch description of the afsprakenstelsel's flow (in
 * our words) and an English explanation. English is the default, Dutch one
 * click away in the set-up panel; the choice is part of the flow's state.
 */
export type Lang = 'en' | 'nl';

export interface StepText {
  title: string;
  text: string;
}

export const STEP_TEXTS: Record<string, { nl: StepText; en: StepText }> = {
  'present-choice': {
    nl: {
      title: 'PGO Server biedt de keuze aan',
      text: 'De PGO Server biedt de Zorggebruiker in de PGO Presenter de mogelijkheid om één Gegevensdienst bij één Zorgaanbieder te verzamelen. Welke Gegevensdiensten een Zorgaanbieder aanbiedt staat op de Zorgaanbiederslijst (ZAL); de namen komen uit de Gegevensdienstnamenlijst (GNL).',
    },
    en: {
      title: 'The PGO Server offers the choice',
      text: 'The PGO (personal health environment) reads MedMij\'s lists: the ZAL says which zorgaanbieder offers which gegevensdienst and where its endpoints are; the GNL gives the names to show; the OCL must list the PGO itself. One authorization is always for exactly one gegevensdienst at one zorgaanbieder.',
    },
  },
  'authorization-request': {
    nl: {
      title: 'Zorggebruiker kiest; autorisatieverzoek naar de Authorization Server',
      text: 'De Zorggebruiker maakt zijn keuze en de browser (OAuth User Agent) stuurt het autorisatieverzoek naar het authorization endpoint uit de ZAL, met de redirect URI waarnaar de Authorization Server straks terugstuurt.',
    },
    en: {
      title: 'The user chooses; the authorization request goes to the Authorization Server',
      text: 'The browser is sent to the zorgaanbieder\'s authorization endpoint (from the ZAL) with response_type=code, client_id (the PGO\'s hostname on the OCL), redirect_uri (on exactly that host), scope (the gegevensdienst) and state (random, to bind the answer to this request).',
    },
  },
  'as-session': {
    nl: {
      title: 'Authorization Server start een sessie',
      text: 'De Authorization Server controleert het verzoek en begint de OAuth-flow door een sessie aan te maken.',
    },
    en: {
      title: 'The Authorization Server starts a session',
      text: 'The authorization server checks the request (client_id on the OCL, redirect_uri on that host, the scope one of its gegevensdiensten, state present) and opens a session. This happens while the browser is away from the PGO; the playground shows it when the browser is back, from the server\'s inspection aid.',
    },
  },
  'digid-authnrequest': {
    nl: {
      title: 'Authorization Server stuurt de browser naar DigiD',
      text: 'De Authorization Server start, als Authentication Client, de authenticatie door de browser naar DigiD te sturen, met de plek waarnaar DigiD na het inloggen moet terugsturen.',
    },
    en: {
      title: 'The Authorization Server sends the browser to DigiD',
      text: 'The authorization server is now a SAML service provider: it sends the browser to DigiD with an AuthnRequest (HTTP-Redirect binding: raw DEFLATE, base64, URL-encoded) that names its AssertionConsumerServiceURL, asks for the HTTP-Artifact binding back, and a minimum level of assurance. RelayState carries the session reference.',
    },
  },
  'digid-login': {
    nl: {
      title: 'DigiD vraagt de Zorggebruiker om in te loggen',
      text: 'De Authentication Server (DigiD) vraagt de Zorggebruiker om inloggegevens.',
    },
    en: {
      title: 'DigiD asks the user to log in',
      text: 'The user logs in at DigiD (here: a mock with test accounts) or cancels. Neither the PGO nor the zorgaanbieder sees the credentials.',
    },
  },
  'digid-artifact': {
    nl: {
      title: 'DigiD stuurt terug met een ophaalbewijs (artifact)',
      text: 'Als het inloggen lukt, stuurt DigiD de browser terug naar de Authorization Server met een ophaalbewijs: het SAML-artifact.',
    },
    en: {
      title: 'DigiD sends the browser back with an artifact',
      text: 'DigiD redirects to the ACS with SAMLart and RelayState. The artifact is only a reference (44 bytes: type 0x0004, endpoint index, SourceID = SHA-1 of DigiD\'s entityID, a random handle): the BSN never travels through the browser. DigiD sends an artifact even when the user cancelled.',
    },
  },
  'artifact-resolve': {
    nl: {
      title: 'Authorization Server haalt het BSN op bij DigiD',
      text: 'Met het ophaalbewijs haalt de Authorization Server rechtstreeks bij DigiD het BSN op.',
    },
    en: {
      title: 'The Authorization Server fetches the BSN from DigiD',
      text: 'Server to server, the authorization server sends a SOAP ArtifactResolve; DigiD answers once with an ArtifactResponse holding the Assertion: NameID s00000000:<BSN> and the level reached. The artifact is single use. The BSN stays at the zorgaanbieder.',
    },
  },
  availability: {
    nl: {
      title: 'Beschikbaarheidstoets',
      text: 'De Authorization Server stelt vast of de Zorgaanbieder voor deze persoon gegevens voor de Gegevensdienst heeft en of de persoon 16 jaar of ouder is. Zo niet, dan stopt de flow.',
    },
    en: {
      title: 'Availability check',
      text: 'Knowing the person, the authorization server checks that they are 16 or older and that this zorgaanbieder holds data for this gegevensdienst. If not, the PGO gets access_denied "No such resources." — it is not told which.',
    },
  },
  consent: {
    nl: {
      title: 'Toestemmingsverklaring',
      text: 'De Authorization Server vraagt de Zorggebruiker om toestemming om de gegevens van deze Gegevensdienst aan de PGO te verstrekken.',
    },
    en: {
      title: 'Consent',
      text: 'The authorization server asks the person whether this zorgaanbieder may give this gegevensdienst to this PGO (named as on the OCL). Refused: access_denied "Authorization denied."; undecidable: "Authorization failed.".',
    },
  },
  'code-redirect': {
    nl: {
      title: 'Authorization Server stuurt de browser terug met de code',
      text: 'Na toestemming stuurt de Authorization Server de browser naar de redirect URI van de PGO, met de authorization code.',
    },
    en: {
      title: 'The Authorization Server sends the browser back with the code',
      text: 'The browser goes to the PGO\'s redirect_uri with code (a UUIDv4, valid 900 s, single use) and the same state.',
    },
  },
  callback: {
    nl: {
      title: 'PGO Server ontvangt de code',
      text: 'De browser levert de authorization code af bij de PGO Server, die de state controleert.',
    },
    en: {
      title: 'The PGO Server receives the code',
      text: 'The PGO compares the returned state with the one it sent (CSRF protection) and takes the code — or the error the authorization server sent instead.',
    },
  },
  'token-request': {
    nl: {
      title: 'PGO Server vraagt het access token',
      text: 'De PGO Server vraagt bij de Authorization Server (token endpoint uit de ZAL) een access token aan, met de authorization code.',
    },
    en: {
      title: 'The PGO Server asks for the access token',
      text: 'Server to server, form-encoded: grant_type=authorization_code, code, redirect_uri (the same as before) and client_id.',
    },
  },
  'token-response': {
    nl: {
      title: 'Authorization Server geeft het access token',
      text: 'De Authorization Server controleert de code en verstrekt het access token aan de PGO Server.',
    },
    en: {
      title: 'The Authorization Server issues the access token',
      text: 'The answer is a bearer token (UUIDv4, expires_in 900). Errors here are RFC 6749 §5.2 errors only (MedMij RFC0015): never access_denied.',
    },
  },
  'resource-request': {
    nl: {
      title: 'PGO Server vraagt de gegevens op bij de Resource Server',
      text: 'De PGO Server vraagt met het access token de gegevens op bij de Resource Server (het adres uit de ZAL).',
    },
    en: {
      title: 'The PGO Server requests the data from the Resource Server',
      text: 'A FHIR search at the ResourceEndpointuri from the ZAL with "Authorization: Bearer <token>". The request names no person: the token says whose data it is, and no BSN appears anywhere.',
    },
  },
  'resource-response': {
    nl: {
      title: 'Resource Server levert de gegevens',
      text: 'De Resource Server levert de gevraagde gegevens aan de PGO Server.',
    },
    en: {
      title: 'The Resource Server returns the data',
      text: 'A FHIR Bundle comes back. The PGO checks it carries no BSN.',
    },
  },
  present: {
    nl: {
      title: 'PGO toont de gegevens',
      text: 'De PGO Server toont de verzamelde gegevens aan de Zorggebruiker in de PGO Presenter.',
    },
    en: {
      title: 'The PGO shows the data',
      text: 'The PGO Presenter shows the collected data to the person.',
    },
  },
};

export const UI = {
  en: {
    language: 'Language',
    zorgaanbieder: 'Zorgaanbieder (care provider, from the ZAL)',
    gegevensdienst: 'Gegevensdienst (data service, names from the GNL)',
    scopeForm: 'Scope form',
    scope1: '1.x: the GegevensdienstId',
    scope2: '2.x: <zorgaanbieder>~<id>',
    account: 'DigiD test account to preselect (a hint for the mock DigiD page)',
    noAccount: '(none: choose at DigiD)',
    simulate: 'Simulate an exception',
    loadingLists: 'Reading the ZAL and GNL…',
    listsFailed: 'The lists could not be read',
    mockOnly: 'MedMij needs a PGO on the OCL and DigiD: this flow runs against the playground\'s mocks, also in live mode.',
    dutchOriginal: 'Afsprakenstelsel (NL)',
    scopeIs: 'scope',
  },
  nl: {
    language: 'Taal',
    zorgaanbieder: 'Zorgaanbieder (uit de ZAL)',
    gegevensdienst: 'Gegevensdienst (namen uit de GNL)',
    scopeForm: 'Vorm van de scope',
    scope1: '1.x: het GegevensdienstId',
    scope2: '2.x: <zorgaanbieder>~<id>',
    account: 'DigiD-testaccount om voor te selecteren (hint voor de nagebootste DigiD)',
    noAccount: '(geen: kies bij DigiD)',
    simulate: 'Simuleer een uitzondering',
    loadingLists: 'ZAL en GNL worden gelezen…',
    listsFailed: 'De lijsten konden niet worden gelezen',
    mockOnly: 'MedMij vraagt een PGO op de OCL en DigiD: deze flow draait tegen de nagebootste servers van de playground, ook in live-modus.',
    dutchOriginal: 'Afsprakenstelsel (NL)',
    scopeIs: 'scope',
  },
} satisfies Record<Lang, Record<string, string>>;

const STORAGE_KEY = 'medmij:lang';
let current: Lang = readStored();

function readStored(): Lang {
  try {
    return (globalThis.sessionStorage?.getItem(STORAGE_KEY) as Lang | null) === 'nl' ? 'nl' : 'en';
  } catch {
    return 'en';
  }
}

/** The language the step titles and explanations are read in (mirrors the flow state's `lang`). */
export function currentLanguage(): Lang {
  return current;
}

export function setLanguage(lang: Lang): void {
  current = lang;
  try {
    globalThis.sessionStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    /* storage unavailable: the in-memory choice still holds */
  }
}

export function stepTitle(id: string, lang: Lang = current): string {
  return STEP_TEXTS[id][lang].title;
}

/** In English: the explanation, then the afsprakenstelsel's step in Dutch. In Dutch: the Dutch text. */
export function stepWhy(id: string, lang: Lang = current): string {
  const t = STEP_TEXTS[id];
  return lang === 'nl' ? t.nl.text : `${t.en.text}\n\n${UI.en.dutchOriginal}: “${t.nl.text}”`;
}
