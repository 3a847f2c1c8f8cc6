/** The namespaces of MedMij's lists (afsprakenstelsel): ZAL and OCL release 2, GNL release 1. */
export const LIST_NS = {
  zal: 'xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/',
  ocl: 'xmlns://afsprakenstelsel.medmij.nl/oauthclientlist/release2/',
  gnl: 'xmlns://afsprakenstelsel.medmij.nl/gegevensdienstnamenlijst/release1/',
} as const;
