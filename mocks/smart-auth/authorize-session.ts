import type { MockEnv } from '../core/server';
import { displayName, patients, practitioners, type FhirResource } from '../data/people';
import { encounterLabel, encountersOf, findEncounter } from '../ehr/encounters';
import type { AuthorizeRequest } from './authorize-request';
import { smartEndpoints } from './endpoints';
import { saveCode, type Grant, type LaunchContext } from './grants';
import { smartStyleUrl, type LaunchContextRecord } from './launch-context';
import { errorRedirectUrl } from './oauth-errors';
import { randomValue } from './random';
import { isWeakened, type Scenario } from './scenario';
import { describeScope, parseScope } from './scopes';
import type { AuthorizeScreen, Choice, RequestSummary } from './screens';
import type { Answered } from '../core/page-protocol';

/**
 * One user's way through the authorization server's pages, as a screen state
 * machine: sign in, pick a patient, pick an encounter, consent, then the code.
 * Each screen is shown only when the request needs it and the scenario does not skip it.
 */
export interface AuthzSession {
  id: string;
  /** The scenario segment of the URL the session was started on (sessions do not cross scenarios). */
  segment: string | null;
  origin: string;
  /** The issuer named in the authorization response (RFC 9207); none when the lab switched iss off. */
  issuer?: string;
  request: AuthorizeRequest;
  clientName: string;
  launch?: LaunchContextRecord;
  /** `Patient/{id}` or `Practitioner/{id}` once signed in. */
  user?: string;
  patient?: string;
  encounter?: string;
  /** The user chose to go on without an encounter. */
  encounterDecided: boolean;
}

/** Ten minutes to get through the screens; then the app must start again. */
const SESSION_TTL_SECONDS = 600;
const sessionKey = (id: string) => `smart:authz:${id}`;

export async function saveSession(env: MockEnv, session: AuthzSession): Promise<void> {
  await env.store.set(sessionKey(session.id), session, SESSION_TTL_SECONDS);
}
export async function findSession(env: MockEnv, id: string): Promise<AuthzSession | undefined> {
  return env.store.get<AuthzSession>(sessionKey(id));
}
async function endSession(env: MockEnv, id: string): Promise<void> {
  await env.store.delete(sessionKey(id));
}

/** What a session's page says once its answer went back (kept as long as a session would have lived, and longer than its code). */
const answeredKey = (id: string) => `smart:authz-answered:${id}`;
const ANSWERED_TTL_SECONDS = 3600;

async function endAnswered(env: MockEnv, session: AuthzSession, answered: Omit<Answered, 'at' | 'redirectUri'>): Promise<void> {
  const record: Answered = { ...answered, at: new Date(env.now()).toISOString(), redirectUri: session.request.redirect_uri };
  await env.store.set(answeredKey(session.id), record, ANSWERED_TTL_SECONDS);
  await endSession(env, session.id);
}

/** The answer a session ended with, for its page viewed again (Back after the callback). */
export async function findAnswered(env: MockEnv, id: string): Promise<Answered | undefined> {
  return env.store.get<Answered>(answeredKey(id));
}

const findPatient = (id: string | undefined) => patients.find((p) => p.id === id);
const findPractitioner = (id: string | undefined) => practitioners.find((p) => p.id === id);

/** The scenario's patient list ("p-anna,p-bram" narrows the picker; one id selects it). */
function scenarioPatients(scenario: Scenario): FhirResource[] {
  const ids = (scenario.patient ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const listed = patients.filter((p) => ids.includes(p.id));
  return listed.length > 0 ? listed : patients;
}

function encounterOfPatient(id: string | undefined, patient: string | undefined): string | undefined {
  const encounter = id ? findEncounter(id) : undefined;
  if (!encounter || !patient) return undefined;
  return (encounter.subject as { reference: string }).reference === `Patient/${patient}` ? encounter.id : undefined;
}

/** Provider sign-in for an EHR launch or user/ scopes; otherwise the patient signs in. */
function loginKind(session: Pick<AuthzSession, 'launch' | 'request'>): 'patient' | 'provider' {
  if (session.launch) return 'provider';
  const userScopes = session.request.scope.some((s) => {
    const p = parseScope(s);
    return p.ok && p.scope.kind === 'resource' && p.scope.context === 'user';
  });
  return userScopes ? 'provider' : 'patient';
}

/** Why this kind of user signs in, in one sentence for the login screen. */
function whoSignsIn(session: Pick<AuthzSession, 'launch'>, kind: 'patient' | 'provider'): string {
  if (session.launch) return 'The EHR launched the app: the clinician signs in.';
  return kind === 'provider'
    ? 'The app asks for user/ scopes: a care provider signs in (and picks a patient if the app asked for launch/patient).'
    : 'The app asks for no user/ scopes: a patient signs in and shares their own record.';
}

/**
 * RFC 9207: the authorization server names itself (its issuer, the FHIR base
 * discovery gives) in every authorization response, success or error, so an
 * app that talks to several servers can tell which one answered (mix-up).
 * The no-iss-parameter lab leaves it out.
 */
export function responseIssuer(scenario: Scenario, origin: string, segment: string | null): string | undefined {
  return isWeakened(scenario, 'no-iss-parameter') ? undefined : smartEndpoints(origin, segment ?? undefined).fhirBase;
}

/** The redirect back to the app with `iss` added, when the server names itself. */
export function withIssuer(location: string, issuer: string | undefined): string {
  if (issuer === undefined) return location;
  const url = new URL(location);
  url.searchParams.set('iss', issuer);
  return url.href;
}

export function startSession(
  request: AuthorizeRequest,
  clientName: string,
  launch: LaunchContextRecord | undefined,
  scenario: Scenario,
  segment: string | null,
  origin: string,
): AuthzSession {
  const listed = scenarioPatients(scenario);
  const scenarioPatient = listed.length === 1 ? listed[0].id : undefined;
  const patient = launch?.patient ?? scenarioPatient;
  const encounter = launch ? launch.encounter : encounterOfPatient(scenario.encounter, patient);
  const session: AuthzSession = {
    id: randomValue(),
    segment,
    origin,
    issuer: responseIssuer(scenario, origin, segment),
    request,
    clientName,
    launch,
    patient,
    encounter,
    encounterDecided: false,
  };
  if (scenario.skipLogin) {
    if (loginKind(session) === 'provider') {
      const practitioner = launch?.practitioner ?? findPractitioner(scenario.practitioner)?.id ?? practitioners[0].id;
      session.user = `Practitioner/${practitioner}`;
    } else if (patient) {
      // A patient can only be signed in without a login when the scenario names the patient.
      session.user = `Patient/${patient}`;
    }
  }
  return session;
}

function summary(session: AuthzSession): RequestSummary {
  return {
    client_id: session.request.client_id,
    client_name: session.clientName,
    redirect_uri: session.request.redirect_uri,
    launch: session.launch ? 'ehr' : 'standalone',
    scope: session.request.scope,
  };
}

function patientChoice(p: FhirResource): Choice & { birthDate: string; gender: string } {
  return { id: p.id, name: displayName(p), birthDate: p.birthDate as string, gender: p.gender as string, detail: `born ${p.birthDate as string}` };
}

function userChoice(reference: string): Choice {
  const [type, id] = reference.split('/');
  const resource = type === 'Patient' ? findPatient(id) : findPractitioner(id);
  return { id: reference, name: displayName(resource), detail: type };
}

function needsPatient(session: AuthzSession): boolean {
  if (session.patient) return false;
  // launch/patient asks for one; patient/ scopes need a compartment to work in.
  return session.request.scope.some((s) => {
    if (s === 'launch/patient') return true;
    const p = parseScope(s);
    return p.ok && p.scope.kind === 'resource' && p.scope.context === 'patient';
  });
}

function needsEncounter(session: AuthzSession): boolean {
  return session.request.scope.includes('launch/encounter') && !session.encounter && !session.encounterDecided;
}

export type Step = { kind: 'screen'; screen: AuthorizeScreen } | { kind: 'redirect'; location: string };

/** Where the user is now: the next screen, or the redirect back to the app. */
export async function nextStep(env: MockEnv, session: AuthzSession, scenario: Scenario, problem?: string): Promise<Step> {
  const request = summary(session);
  if (!session.user) {
    const kind = loginKind(session);
    const accounts =
      kind === 'patient'
        ? scenarioPatients(scenario).map((p) => ({ id: p.id, name: displayName(p), detail: `born ${p.birthDate as string}` }))
        : practitioners.map((p) => ({ id: p.id, name: displayName(p), detail: (p.qualification as { code: { text: string } }[])[0].code.text }));
    const suggested = kind === 'provider' ? (session.launch?.practitioner ?? scenario.practitioner) : session.patient;
    return {
      kind: 'screen',
      screen: {
        screen: 'login',
        session: session.id,
        request,
        login: kind,
        accounts,
        ...(suggested ? { suggested } : {}),
        hint: `${whoSignsIn(session, kind)} Mock accounts: sign in with a user name from the list (for example ${accounts[0].id}) and any password that is not empty.`,
        ...(problem ? { problem } : {}),
      },
    };
  }
  if (needsPatient(session)) {
    return {
      kind: 'screen',
      screen: {
        screen: 'patient-picker',
        session: session.id,
        request,
        user: userChoice(session.user),
        patients: scenarioPatients(scenario).map(patientChoice),
      },
    };
  }
  if (needsEncounter(session) && session.patient) {
    const patient = findPatient(session.patient);
    return {
      kind: 'screen',
      screen: {
        screen: 'encounter-picker',
        session: session.id,
        request,
        patient: { id: session.patient, name: displayName(patient) },
        encounters: encountersOf(session.patient).map((e) => ({ id: e.id, name: encounterLabel(e) })),
      },
    };
  }
  if (!scenario.skipConsent) return { kind: 'screen', screen: consentScreen(session, request) };
  return { kind: 'redirect', location: await approve(env, session, session.request.scope) };
}

function consentScreen(session: AuthzSession, request: RequestSummary): AuthorizeScreen {
  const subject = session.user?.startsWith('Patient/') ? 'your' : "the patient's";
  const encounter = session.encounter ? findEncounter(session.encounter) : undefined;
  const patient = findPatient(session.patient);
  return {
    screen: 'consent',
    session: session.id,
    request,
    user: userChoice(session.user ?? ''),
    ...(patient ? { patient: { id: patient.id, name: displayName(patient), detail: `born ${patient.birthDate as string}` } } : {}),
    ...(encounter ? { encounter: { id: encounter.id, name: encounterLabel(encounter) } } : {}),
    scopes: session.request.scope.map((scope) => ({ scope, description: describeScope(scope, subject) })),
  };
}

/** The launch context the token response will carry, from what was granted. */
function launchContext(session: AuthzSession, granted: string[]): LaunchContext {
  const ehr = session.launch !== undefined && granted.includes('launch');
  const context: LaunchContext = {};
  if (session.patient && (ehr || granted.includes('launch/patient'))) context.patient = session.patient;
  if (session.encounter && (ehr || granted.includes('launch/encounter'))) context.encounter = session.encounter;
  if (context.patient) {
    context.need_patient_banner = session.launch ? session.launch.need_patient_banner : true;
    context.smart_style_url = session.launch ? session.launch.smart_style_url : smartStyleUrl(session.origin);
  }
  // fhirContext carries further resources in context; in an EHR launch, the open encounter.
  if (ehr && context.encounter) context.fhirContext = [{ reference: `Encounter/${context.encounter}` }];
  return context;
}

/** The user said yes (to all or some scopes): issue the code and send the browser back. */
export async function approve(env: MockEnv, session: AuthzSession, granted: string[]): Promise<string> {
  const scope = session.request.scope.filter((s) => granted.includes(s));
  const grant: Grant = {
    grantId: randomValue(16),
    clientId: session.request.client_id,
    iss: session.request.aud.replace(/\/+$/, ''),
    scope: scope.join(' '),
    user: session.user ?? '',
    context: launchContext(session, scope),
    ...(session.patient ? { compartmentPatient: session.patient } : {}),
  };
  const code = await saveCode(env, {
    grant,
    redirectUri: session.request.redirect_uri,
    ...(session.request.code_challenge !== undefined ? { codeChallenge: session.request.code_challenge } : {}),
    ...(session.request.nonce !== undefined ? { nonce: session.request.nonce } : {}),
  });
  await endAnswered(env, session, { outcome: 'code' });
  const url = new URL(session.request.redirect_uri);
  url.searchParams.set('code', code.code);
  if (session.request.state !== undefined) url.searchParams.set('state', session.request.state);
  return withIssuer(url.href, session.issuer);
}

export async function deny(env: MockEnv, session: AuthzSession): Promise<string> {
  await endAnswered(env, session, { outcome: 'error', error: 'access_denied' });
  const location = errorRedirectUrl(session.request.redirect_uri, 'access_denied', 'The user denied the app access.', session.request.state);
  return withIssuer(location, session.issuer);
}

/** Apply one of the user's decisions to the session; a problem string re-shows the screen with it. */
export function signIn(session: AuthzSession, scenario: Scenario, username: string, password: string): string | undefined {
  const id = username.trim();
  if (!password) return 'Enter a password (any password that is not empty works here).';
  if (loginKind(session) === 'provider') {
    if (!findPractitioner(id)) return `"${id}" is not a practitioner account here.`;
    session.user = `Practitioner/${id}`;
    return undefined;
  }
  if (!scenarioPatients(scenario).some((p) => p.id === id)) return `"${id}" is not a patient account here.`;
  session.user = `Patient/${id}`;
  // A patient signs in to share their own record: they are the patient in context.
  if (session.patient !== id) {
    session.patient = id;
    session.encounter = undefined;
  }
  return undefined;
}

/**
 * The picker's choice. Only a signed-in practitioner picks, and only once: the
 * same pick again (a double click, a replayed request) changes nothing, and a
 * different one after the choice is refused, so the context cannot be swapped
 * behind the consent screen.
 */
export function pickPatient(session: AuthzSession, scenario: Scenario, id: string): string | undefined {
  if (!session.user) return 'Sign in before choosing a patient.';
  if (session.user.startsWith('Patient/')) {
    return `A patient signs in to share their own record (${session.user}); there is no other patient to choose.`;
  }
  if (session.patient !== undefined) {
    return session.patient === id ? undefined : `The patient is already chosen (Patient/${session.patient}); start again from the app to choose another.`;
  }
  if (!scenarioPatients(scenario).some((p) => p.id === id)) return `"${id}" is not a patient in the list.`;
  session.patient = id;
  return undefined;
}

export function pickEncounter(session: AuthzSession, id: string | null): string | undefined {
  if (id === null) {
    session.encounterDecided = true;
    return undefined;
  }
  const encounter = encounterOfPatient(id, session.patient);
  if (!encounter) return `"${id}" is not an encounter of the selected patient.`;
  session.encounter = encounter;
  return undefined;
}
