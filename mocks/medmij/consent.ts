import type { MockEnv } from '../core/server';
import { sharedView, type PageAction, type Screen } from '../core/page-protocol';
import { findGegevensdienst, findZorgaanbieder } from './directory';
import type { MedMijScenario } from './scenario';
import { ACCESS_DENIED, currentScreen, errorRedirect, loadSession, saveSession, type AuthSession } from './session';

/** Codes live 900 seconds and are single use (MedMij). */
const CODE_TTL_SECONDS = 900;

export interface CodeRecord {
  code: string;
  za: string;
  clientId: string;
  redirectUri: string;
  dienst: string;
  scope: string;
  bsn: string;
  patientId?: string;
  sessionId: string;
  /** epoch ms */
  expiresAt: number;
  used: boolean;
  /** Set when the code came back a second time: a token still being issued for it is withdrawn. */
  replayed?: true;
  /** Access tokens issued for this code (revoked if the code is replayed). */
  tokens: string[];
}
export const codeKey = (code: string) => `medmij:code:${code}`;

export interface ConsentPage {
  /** NaamLeverancierPGO (from the OCL), NaamAanbieder, NaamGegevensdienst (from the GNL). */
  organisation: string;
  clientId: string;
  zorgaanbieder: string;
  gegevensdienst: string;
  gegevensdienstId: string;
  question: { nl: string; en: string };
}

function question(s: AuthSession, zaName: string, dienst: string) {
  return {
    nl: `Geeft u ${zaName} toestemming om uw gegevens "${dienst}" te verstrekken aan ${s.clientName} (${s.request.client_id})?`,
    en: `Do you allow ${zaName} to give your "${dienst}" data to ${s.clientName} (${s.request.client_id})?`,
  };
}

/**
 * The consent question (Toestemmingsverklaring): the person allows the
 * zorgaanbieder to give this gegevensdienst to this PGO, or refuses. Allow
 * issues the code; refuse ends with access_denied "Authorization denied.";
 * an answer the server cannot establish ends with "Authorization failed.".
 */
export function consent(env: MockEnv, slug: string, scenario: MedMijScenario, action: PageAction): Promise<Screen<ConsentPage>> {
  if (action.action !== 'view') return answer(env, slug, scenario, action);
  // A simulated answer is given on the view: StrictMode's second view waits for the first's.
  return sharedView(env.store, `medmij:consent:${slug}${action.query}`, () => answer(env, slug, scenario, action));
}

async function answer(env: MockEnv, slug: string, scenario: MedMijScenario, action: PageAction): Promise<Screen<ConsentPage>> {
  const id = new URLSearchParams(action.query).get('session');
  const session = id ? await loadSession(env, id) : undefined;
  if (!session || session.za !== slug) {
    return {
      kind: 'error',
      status: 400,
      title: 'Unknown session',
      message: 'This consent page belongs to no open authorization session (expired, or never created).',
      hint: 'Start again at the PGO.',
    };
  }
  if (session.stage !== 'consent') {
    // Viewed again after the answer (a reload, Back): the answer the PGO got, never a second decision.
    if (action.action === 'view' && session.stage === 'done') return currentScreen(session);
    return {
      kind: 'error',
      status: 400,
      title: 'Already answered',
      message: 'The consent question of this session was already answered.',
      hint: 'Start again at the PGO.',
    };
  }
  const za = findZorgaanbieder(slug)!;
  const dienst = findGegevensdienst(session.dienst)!;
  const q = question(session, za.displayName, dienst.name);
  const end = async (decision: 'allow' | 'deny' | 'undecidable', note?: string): Promise<Screen<ConsentPage>> => {
    session.consent = { decision, question: q.nl, at: env.now(), note };
    session.stage = 'done';
    let location: string;
    if (decision === 'allow') {
      const code = crypto.randomUUID();
      const record: CodeRecord = {
        code,
        za: slug,
        clientId: session.request.client_id,
        redirectUri: session.request.redirect_uri,
        dienst: session.dienst,
        scope: session.request.scope,
        bsn: session.bsn!,
        patientId: session.patientId,
        sessionId: session.id,
        expiresAt: env.now() + CODE_TTL_SECONDS * 1000,
        used: false,
        tokens: [],
      };
      await env.store.set(codeKey(code), record, CODE_TTL_SECONDS);
      const url = new URL(session.request.redirect_uri);
      url.searchParams.set('code', code);
      url.searchParams.set('state', session.request.state);
      location = url.href;
      session.result = { location, code, at: env.now() };
    } else {
      const description = decision === 'deny' ? ACCESS_DENIED.denied : ACCESS_DENIED.failed;
      location = errorRedirect(session.request.redirect_uri, 'access_denied', description, session.request.state);
      session.result = { location, error: 'access_denied', error_description: description };
    }
    await saveSession(env, session);
    return { kind: 'redirect', location };
  };

  if (action.action === 'view') {
    if (scenario.consent === 'deny') return end('deny', 'Simulated: the person refuses.');
    return {
      kind: 'page',
      page: {
        organisation: session.clientName,
        clientId: session.request.client_id,
        zorgaanbieder: za.displayName,
        gegevensdienst: dienst.name,
        gegevensdienstId: dienst.id,
        question: q,
      },
    };
  }
  if (action.action === 'decide') {
    if (action.decision === 'allow') return end('allow');
    if (action.decision === 'deny') return end('deny');
    // Neither yes nor no: the authorization server cannot establish the answer.
    return end('undecidable', `The consent answer "${String(action.decision)}" is neither allow nor deny.`);
  }
  return { kind: 'error', status: 400, title: 'Bad request', message: `Unknown action "${action.action}"; use view or decide.` };
}
