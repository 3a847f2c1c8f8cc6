/**
 * Dutch and English texts of the MedMij flow. MedMij's own words are Dutch:
 * each step's Dutch text follows MedMij's description of the flow (steps
 * 1-16) closely, with a few of the playground's details; the English text
 * carries the same claims and explains the protocol underneath. English is the default, Dutch one
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
      text: 'De PGO Server start de flow door in de PGO Presenter van de Zorggebruiker de mogelijkheid te presenteren om een bepaalde Gegevensdienst bij een zekere Zorgaanbieder te verzamelen. Het gaat altijd om precies één Gegevensdienst (één scope, in OAuth-termen). Uit de Zorgaanbiederslijst (ZAL) weet de PGO Server welke Gegevensdiensten voor een Zorgaanbieder beschikbaar zijn; desgewenst gebruikt hij de namen uit de Gegevensdienstnamenlijst (GNL).',
    },
    en: {
      title: 'The PGO Server offers the choice',
      text: 'The PGO Server starts the flow by offering the user, in their PGO Presenter (the PGO app), to collect one gegevensdienst (data service) from one zorgaanbieder (care provider). It is always exactly one gegevensdienst: one scope, in OAuth terms. The ZAL (zorgaanbiederslijst) tells the PGO Server which gegevensdiensten a zorgaanbieder offers and where its endpoints are; the PGO may use the display names from the GNL (gegevensdienstnamenlijst). The OCL (OAuth client list) must list the PGO itself, or no authorization server accepts it.',
    },
  },
  'authorization-request': {
    nl: {
      title: 'Zorggebruiker kiest; autorisatieverzoek naar de Authorization Server',
      text: 'De Zorggebruiker maakt expliciet zijn selectie en laat de browser (OAuth User Agent) een verzamel-verzoek sturen naar de Authorization Server. Het adres van het authorization endpoint komt uit de ZAL. De redirect URI geeft aan waarnaartoe de Authorization Server de browser verderop moet terugsturen, met de authorization code.',
    },
    en: {
      title: 'The user chooses; the authorization request goes to the Authorization Server',
      text: "The user makes the selection explicitly, and the browser (the OAuth user agent) sends the collect request to the zorgaanbieder's authorization endpoint from the ZAL: response_type=code, client_id (the PGO's hostname on the OCL), redirect_uri (on exactly that host: where the authorization server will send the browser back later, with the code), scope (the gegevensdienst) and state (random, to bind the answer to this request).",
    },
  },
  'as-session': {
    nl: {
      title: 'Authorization Server start een sessie',
      text: 'Daarop begint de Authorization Server, in zijn rol als OAuth Authorization Server, de OAuth-flow door een sessie te creëren. Eerst controleert hij het verzoek: client_id op de OCL, de redirect URI op die host, de scope een van zijn Gegevensdiensten, state aanwezig.',
    },
    en: {
      title: 'The Authorization Server starts a session',
      text: "The authorization server, in its role as OAuth Authorization Server, begins the OAuth flow by creating a session, after checking the request (client_id on the OCL, redirect_uri on that host, the scope one of its gegevensdiensten, state present). This happens while the browser is away from the PGO; the playground shows it when the browser is back, from the server's inspection aid.",
    },
  },
  'digid-authnrequest': {
    nl: {
      title: 'Authorization Server stuurt de browser naar DigiD',
      text: 'Dan start de Authorization Server, nu in de rol van SAML Service Provider, de SAML-flow door de browser naar DigiD te redirecten, met de plek waarnaartoe DigiD de browser na het inloggen van de Zorggebruiker moet terugsturen.',
    },
    en: {
      title: 'The Authorization Server sends the browser to DigiD',
      text: 'Then the authorization server, now in the role of SAML Service Provider, starts the SAML flow: it redirects the browser to DigiD with an AuthnRequest (HTTP-Redirect binding: raw DEFLATE, base64, URL-encoded) that names where DigiD must send the browser back after the user has logged in (its AssertionConsumerServiceURL), asks for the HTTP-Artifact binding back, and a minimum level of assurance. RelayState carries the session reference.',
    },
  },
  'digid-login': {
    nl: {
      title: 'DigiD vraagt de Zorggebruiker om in te loggen',
      text: 'DigiD vraagt van de Zorggebruiker via zijn PGO Presenter om inloggegevens. De PGO en de Zorgaanbieder zien die gegevens niet.',
    },
    en: {
      title: 'DigiD asks the user to log in',
      text: 'DigiD asks the user for their login credentials through their PGO Presenter: the DigiD page opens where the person uses the PGO. Here DigiD is a mock with test accounts; the user logs in or cancels. Neither the PGO nor the zorgaanbieder sees the credentials.',
    },
  },
  'digid-artifact': {
    nl: {
      title: 'DigiD stuurt terug met een ophaalbewijs (artefact)',
      text: 'Wanneer de inloggegevens juist zijn, redirect DigiD de browser (OAuth User Agent) terug naar de Authorization Server, met een ophaalbewijs: het SAML-artefact. Ook na annuleren stuurt DigiD een artefact; dat verwijst dan naar een mislukte authenticatie.',
    },
    en: {
      title: 'DigiD sends the browser back with an artifact',
      text: "When the credentials are correct, DigiD redirects the browser back to the authorization server (its ACS) with a retrieval proof: the SAML artifact (SAMLart), and RelayState. The artifact is only a reference (44 bytes: type 0x0004, endpoint index, SourceID = SHA-1 of DigiD's entityID, a random handle): the BSN never travels through the browser. DigiD also sends an artifact when the user cancelled; it then resolves to a failed authentication.",
    },
  },
  'artifact-resolve': {
    nl: {
      title: 'Authorization Server haalt het BSN op bij DigiD',
      text: 'Met dit ophaalbewijs haalt de Authorization Server rechtstreeks bij DigiD het BSN op.',
    },
    en: {
      title: 'The Authorization Server fetches the BSN from DigiD',
      text: 'With this retrieval proof the authorization server fetches the BSN directly from DigiD, server to server: a SOAP ArtifactResolve, which DigiD answers once with an ArtifactResponse holding the Assertion: NameID s00000000:<BSN> and the level reached. The artifact is single use. The BSN stays at the zorgaanbieder.',
    },
  },
  availability: {
    nl: {
      title: 'Beschikbaarheidstoets',
      text: 'De Authorization Server controleert alvast of de Zorgaanbieder voor deze Gegevensdienst überhaupt gezondheidsinformatie van deze persoon beschikbaar heeft. Daarvan maakt deel uit dat de persoon minstens 16 jaar oud moet zijn. Zo niet, dan krijgt de PGO access_denied "No such resources." en hoort hij niet welke van de twee.',
    },
    en: {
      title: 'Availability check',
      text: 'In advance, before asking for consent, the authorization server checks whether this zorgaanbieder holds health information about this person for this gegevensdienst at all; part of that is that the person is at least 16 years old. If not, the PGO gets access_denied "No such resources." — it is not told which.',
    },
  },
  consent: {
    nl: {
      title: 'Toestemmingsverklaring',
      text: 'Zo ja, dan legt de Authorization Server de Zorggebruiker via de PGO Presenter de vraag voor of hij hem toestaat de gevraagde persoonlijke gezondheidsinformatie aan de PGO Server (als OAuth Client) te sturen. De vraag noemt de PGO zoals op de OCL, de Zorgaanbieder en de Gegevensdienst met de naam uit de GNL. Geweigerd: access_denied "Authorization denied."; niet vast te stellen: "Authorization failed.".',
    },
    en: {
      title: 'Consent',
      text: 'If so, the authorization server asks the user, through the PGO Presenter, whether the user allows it to send the requested personal health information to the PGO Server (as OAuth client). The question names the PGO as on the OCL, the zorgaanbieder, and the gegevensdienst by its GNL name. Refused: access_denied "Authorization denied."; undecidable: "Authorization failed.".',
    },
  },
  'code-redirect': {
    nl: {
      title: 'Authorization Server stuurt de browser terug met de code',
      text: 'Bij akkoord logt de Authorization Server dit als toestemming, genereert een authorization code en stuurt die als ophaalbewijs met een browser-redirect naar de redirect URI uit het verzoek van de PGO Server. Daarbij stuurt hij de state mee die hij bij dat verzoek van de PGO Server kreeg; daaraan herkent de PGO Server het verzoek waarmee hij de code moet associëren.',
    },
    en: {
      title: 'The Authorization Server sends the browser back with the code',
      text: "On agreement the authorization server logs this as consent, generates an authorization code (here a UUIDv4, valid 900 s, single use) and sends it as retrieval proof with a browser redirect to the redirect_uri from the PGO's request. With it goes, unchanged, the state the PGO Server sent in that request: by it the PGO Server recognises the request it must associate the code with.",
    },
  },
  callback: {
    nl: {
      title: 'PGO Server ontvangt de code',
      text: 'De PGO Server vat de authorization code niet alleen op als ophaalbewijs, maar leidt er ook uit af dat de toestemming is gegeven, en logt het verkrijgen van het ophaalbewijs. Eerst vergelijkt hij de teruggekregen state met de verstuurde (bescherming tegen CSRF); een fout in plaats van een code geldt ook alleen met de juiste state.',
    },
    en: {
      title: 'The PGO Server receives the code',
      text: 'The PGO Server first compares the returned state with the one it sent (CSRF protection, for an error as much as for a code). It then takes the authorization code not only as retrieval proof but also as the sign that consent was given, and logs that it obtained the proof. An error instead of a code is only believed with the right state.',
    },
  },
  'token-request': {
    nl: {
      title: 'PGO Server vraagt het access token',
      text: 'Met dit ophaalbewijs wendt de PGO Server zich weer tot de Authorization Server (het token endpoint uit de ZAL), maar nu zonder tussenkomst van de OAuth User Agent, voor een access token.',
    },
    en: {
      title: 'The PGO Server asks for the access token',
      text: 'With this retrieval proof the PGO Server turns to the authorization server again (the token endpoint from the ZAL), now without the browser (the OAuth user agent), for an access token: server to server, form-encoded grant_type=authorization_code, code, redirect_uri (the same as before) and client_id.',
    },
  },
  'token-response': {
    nl: {
      title: 'Authorization Server geeft het access token',
      text: 'Daarop controleert de Authorization Server de code, genereert een access token en stuurt dit naar de PGO Server.',
    },
    en: {
      title: 'The Authorization Server issues the access token',
      text: 'The authorization server checks the code, generates an access token and sends it to the PGO Server: a bearer token (UUIDv4, expires_in 900). Errors here are RFC 6749 §5.2 errors only (MedMij RFC0015): never access_denied.',
    },
  },
  'resource-request': {
    nl: {
      title: 'PGO Server vraagt de gegevens op bij de Resource Server',
      text: 'Nu is de PGO Server gereed om het verzoek om de gezondheidsinformatie naar de Resource Server te sturen. Het adres van het resource endpoint haalt hij uit de ZAL. Hij plaatst het access token in het bericht en zorgt ervoor dat er geen BSN in het bericht staat.',
    },
    en: {
      title: 'The PGO Server requests the data from the Resource Server',
      text: 'Now the PGO Server sends the request for the health information to the Resource Server, at the resource endpoint from the ZAL: a FHIR search with "Authorization: Bearer <access token>". It makes sure the message carries no BSN: the request names no person, the token says whose data it is.',
    },
  },
  'resource-response': {
    nl: {
      title: 'Resource Server levert de gegevens',
      text: 'De Resource Server controleert of het ontvangen token recht geeft op de gevraagde resources, haalt deze (al dan niet) bij achterliggende bronnen op en verstuurt ze in een FHIR-response naar de PGO Server. De PGO controleert dat er geen BSN in staat.',
    },
    en: {
      title: 'The Resource Server returns the data',
      text: 'The Resource Server checks that the token it received gives the right to the requested resources, fetches them (or not) from underlying sources and sends them to the PGO Server in a FHIR response: a Bundle. The PGO checks it carries no BSN.',
    },
  },
  present: {
    nl: {
      title: 'PGO Server bewaart de gegevens in het dossier',
      text: 'De PGO Server bewaart de ontvangen gezondheidsinformatie in het persoonlijke dossier; de playground toont hier wat er is opgehaald. Bestaat de Gegevensdienst waartoe de Zorggebruiker heeft geautoriseerd uit meerdere Transacties, dan bevraagt de PGO Server de Resource Server daarna mogelijk opnieuw voor de resterende Transacties, eventueel na nieuwe gebruikersinteractie. Zolang het access token geldig is, kan dat.',
    },
    en: {
      title: 'The PGO Server stores the data in the personal dossier',
      text: 'The PGO Server stores the health information it received in the personal dossier; the playground shows here what was collected. If the gegevensdienst the user authorized consists of several transactions, the PGO Server may then ask the Resource Server again for the remaining ones, possibly after new user interaction: that works as long as the access token is valid.',
    },
  },
};

/** The flow's title and summary in each language (the English one is also the definition's own). */
export const FLOW_TEXTS: Record<Lang, { title: string; summary: string }> = {
  en: {
    title: 'MedMij Verzamelen (PGO)',
    summary:
      'A PGO collects one gegevensdienst from one zorgaanbieder: the ZAL, OCL and GNL; the authorization request; DigiD over SAML (AuthnRequest, artifact, ArtifactResolve); the 16+ availability check; consent; the code and the token; a FHIR search without a BSN.',
  },
  nl: {
    title: 'MedMij Verzamelen (PGO)',
    summary:
      'Een PGO verzamelt één Gegevensdienst bij één Zorgaanbieder: de ZAL, OCL en GNL; het autorisatieverzoek; DigiD via SAML (AuthnRequest, artifact, ArtifactResolve); de beschikbaarheidstoets (16+); de toestemming; de code en het token; een FHIR-zoekvraag zonder BSN.',
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
    mockOnly: "MedMij needs a PGO on the OCL and DigiD: this flow runs against the playground's mocks, also in live mode.",
    dutchOriginal: "After MedMij's description of the flow (NL)",
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
    dutchOriginal: 'Naar de beschrijving van de flow door MedMij',
    scopeIs: 'scope',
  },
} satisfies Record<Lang, Record<string, string>>;

/** A step's title in the run's language (the flow's state `lang`). */
export function stepTitle(id: string, lang: Lang): string {
  return STEP_TEXTS[id][lang].title;
}

/** In English: the explanation, then the afsprakenstelsel's step in Dutch. In Dutch: the Dutch text. */
export function stepWhy(id: string, lang: Lang): string {
  const t = STEP_TEXTS[id];
  return lang === 'nl' ? t.nl.text : `${t.en.text}\n\n${UI.en.dutchOriginal}: “${t.nl.text}”`;
}
