import type { Simulation } from './exceptions';
import type { Lang } from './i18n';

/** What the PGO learned from the ZAL, GNL and OCL for the chosen zorgaanbieder and gegevensdienst. */
interface ChosenService {
  zorgaanbieder: string;
  dienstId: string;
  dienstName: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  resourceEndpoint: string;
  systeemrolcode: string;
  /** OAuthclientOrganisatienaam of this PGO on the OCL. */
  organisation: string;
}

/** The authorization server's record as its inspection endpoint shows it (a playground teaching aid). */
export interface InspectedSession {
  id: string;
  stage: string;
  createdAt: number;
  request: { client_id: string; redirect_uri: string; scope: string; state: string; url: string };
  clientName: string;
  dienst: string;
  scopeForm: string;
  requestChecks: Check[];
  authn?: { id: string; xml: string; url: string; level: string };
  acs?: { url: string; artifact: string; relayState: string; artifactChecks: Check[] };
  artifactResolve?: { url: string; request: string; response?: string; status?: number; error?: string };
  digid?: { ok: boolean; checks: Check[]; nameId?: string; level?: string; status?: string; subStatus?: string; message?: string };
  availability?: { ok: boolean; checks: Check[] };
  consent?: { decision: 'allow' | 'deny' | 'undecidable'; question: string; at: number; note?: string };
  result?: { location: string; error?: string; error_description?: string; code?: string };
}
interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface MedMijState {
  // Set-up (kept across "Start over")
  lang: Lang;
  /** Where the MedMij stelselnode publishes its lists (the mock's base). */
  listsBase: string;
  zorgaanbieder: string;
  gegevensdienst: string;
  scopeForm: '1.x' | '2.x';
  /** BSN of the DigiD test account to preselect, or ''. */
  accountHint: string;
  simulate: Simulation;

  // Learned during the run
  scenario?: string;
  service?: ChosenService;
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  sentState?: string;
  authorizeUrl?: string;
  callbackUrl?: string;
  inspect?: InspectedSession;
  code?: string;
  tokenAnswer?: HttpAnswer;
  accessToken?: string;
  resourceUrl?: string;
  resourceAnswer?: HttpAnswer;
}
