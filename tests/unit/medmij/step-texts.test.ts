import { describe, expect, it } from 'vitest';
import { STEP_TEXTS, stepTitle } from '../../../src/flows/medmij/i18n';
import { medmijModule } from '../../../src/flows/medmij/index';

/**
 * Each step's text carries the key claims of MedMij's description of the
 * flow (steps 1-16, /work/shared/references/medmij-oauth-flow.txt), in Dutch
 * and in English. One line per claim, so a failure names the claim that drifted.
 */
const CLAIMS: Record<string, { number: string; nl: RegExp[]; en: RegExp[] }> = {
  'present-choice': {
    number: '1',
    nl: [
      /PGO Server start de flow/,
      /PGO Presenter/,
      /precies één Gegevensdienst/,
      /één scope/,
      /Zorgaanbiederslijst/,
      /desgewenst.*Gegevensdienstnamenlijst/i,
    ],
    en: [/PGO Server starts the flow/, /PGO Presenter/, /exactly one gegevensdienst/i, /one scope/i, /ZAL/, /GNL/, /may use|if it wishes/i],
  },
  'authorization-request': {
    number: '2',
    nl: [/expliciet/, /verzamel-verzoek/, /authorization endpoint.*ZAL/, /redirect URI/, /authorization code/],
    en: [/explicit/i, /collect request/i, /authorization endpoint.*ZAL/, /redirect_uri/, /with the code/],
  },
  'as-session': {
    number: '3',
    nl: [/rol als OAuth Authorization Server/, /sessie/],
    en: [/role as OAuth Authorization Server/, /session/],
  },
  'digid-authnrequest': {
    number: '4',
    nl: [/rol van SAML Service Provider/, /SAML-flow/, /DigiD/, /na het inloggen/],
    en: [/role of SAML Service Provider/, /SAML flow/, /after the user has logged in/],
  },
  'digid-login': {
    number: '5',
    nl: [/via zijn PGO Presenter/, /inloggegevens/],
    en: [/through their PGO Presenter/, /credentials/],
  },
  'digid-artifact': {
    number: '6',
    nl: [/juist/, /ophaalbewijs/, /SAML-artefact/],
    en: [/correct/, /retrieval proof/, /SAML artifact/],
  },
  'artifact-resolve': {
    number: '7',
    nl: [/ophaalbewijs/, /rechtstreeks bij DigiD het BSN/],
    en: [/directly/, /BSN/],
  },
  availability: {
    number: '8',
    nl: [/alvast/, /gezondheidsinformatie.*beschikbaar/, /minstens 16 jaar/],
    en: [/before/, /holds health information/, /at least 16/],
  },
  consent: {
    number: '9',
    nl: [/Zo ja/, /via de PGO Presenter/, /PGO Server \(als OAuth Client\)/, /toestaat/],
    en: [/If so/, /through the PGO Presenter/, /PGO Server \(as OAuth client\)/, /allows/],
  },
  'code-redirect': {
    number: '10',
    nl: [/logt .*toestemming/, /genereert een authorization code/, /ophaalbewijs/, /redirect URI/, /state/, /herkent/],
    en: [/logs .*consent/, /generates an authorization code/, /retrieval proof/, /redirect_uri/, /state/, /associate/],
  },
  callback: {
    number: '11',
    nl: [/ophaalbewijs/, /toestemming is gegeven/, /logt het verkrijgen/],
    en: [/retrieval proof/, /consent was given/, /logs that it obtained/],
  },
  'token-request': {
    number: '12',
    nl: [/ophaalbewijs/, /zonder tussenkomst van de OAuth User Agent/, /access token/],
    en: [/retrieval proof/, /without the browser/, /access token/],
  },
  'token-response': {
    number: '13',
    nl: [/genereert .*access token/, /PGO Server/],
    en: [/generates an access token/, /PGO Server/],
  },
  'resource-request': {
    number: '14',
    nl: [/resource endpoint.*ZAL/, /access token/, /geen BSN/],
    en: [/resource endpoint.*ZAL/, /access token/, /no BSN/],
  },
  'resource-response': {
    number: '15',
    nl: [/controleert of het ontvangen token recht geeft/, /achterliggende bronnen/, /FHIR-response/],
    en: [/checks that the token .*gives the right/, /underlying sources/, /FHIR response/],
  },
  present: {
    number: '16',
    nl: [/bewaart/, /persoonlijke dossier/, /meerdere Transacties/, /opnieuw/, /Zolang het access token geldig is/],
    en: [/stores/, /personal dossier/, /several transactions/, /again/, /as long as the access token is valid/],
  },
};

describe("MedMij step texts follow MedMij's description of the flow", () => {
  it("every step has its claims listed here, in MedMij's order", () => {
    expect(medmijModule.definition.steps.map((s) => s.id)).toEqual(Object.keys(CLAIMS));
    expect(medmijModule.definition.steps.map((s) => s.number)).toEqual(Object.values(CLAIMS).map((c) => c.number));
    expect(Object.keys(STEP_TEXTS)).toEqual(Object.keys(CLAIMS));
  });

  for (const [id, claims] of Object.entries(CLAIMS)) {
    for (const lang of ['nl', 'en'] as const) {
      for (const claim of claims[lang]) {
        it(`step ${claims.number} (${id}, ${lang}) says ${claim.source}`, () => {
          expect(STEP_TEXTS[id][lang].text).toMatch(claim);
        });
      }
    }
  }

  it('step 16: the PGO Server stores the data; it is not only shown', () => {
    expect(stepTitle('present', 'nl')).toMatch(/bewaart/);
    expect(stepTitle('present', 'en')).toMatch(/stores/);
  });
});
