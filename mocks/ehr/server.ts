import { json, ownOrigin, Router, type MockEnv, type MockServer } from '../core/server';
import { displayName, patients, practitioners } from '../data';
import { EHR_PREFIX, smartFhirBase, SMART_PREFIX } from '../paths';
import { LAUNCH_TTL_SECONDS, saveLaunchContext, smartStyleUrl, type LaunchContextRecord } from '../smart-auth/launch-context';
import { randomValue } from '../smart-auth/random';
import { clientKey, type DynamicClientRecord } from '../smart-auth/clients';
import { decodeScenario, encodeScenario, SIMULATED_ERRORS, type Scenario } from '../smart-auth/scenario';
import { encounterLabel, encountersOf, findEncounter } from './encounters';

/**
 * The mock EHR: a clinician picks a patient (and encounter) and launches an
 * app. The EHR remembers the context under an opaque launch id and sends the
 * browser to the app's launch URL with `iss` and `launch` (SMART EHR launch).
 */
export interface LaunchRequest {
  patient: string;
  practitioner: string;
  encounter?: string;
  /** The app's launch URL; may be left out when client_id names a registered app with a launch_uri. */
  launchUrl?: string;
  /** A dynamically registered app: the EHR launches it at its registered launch_uri, and the inspector ties the run to it. */
  client_id?: string;
  /** The FHIR base to launch against; defaults to this origin's SMART FHIR base (with the scenario, if any). */
  fhirBase?: string;
  /** Launch options carried in the FHIR base (patient list, skips, simulated errors). */
  scenario?: Scenario;
}

export interface LaunchAnswer {
  location: string;
  launch: string;
  iss: string;
  expires_in: number;
}

function invalid(description: string): Response {
  return json({ error: 'invalid_request', error_description: description }, { status: 400 });
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Only a FHIR base of this SMART mock on this origin: its authorization server must find the launch. */
function checkFhirBase(fhirBase: string, origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(fhirBase);
  } catch {
    return `fhirBase "${fhirBase}" is not an absolute URL.`;
  }
  const match = new RegExp(`^${SMART_PREFIX}(?:/s/([^/]+))?/fhir/?$`).exec(url.pathname);
  if (url.origin !== origin || !match) {
    return `fhirBase must be this EHR's SMART FHIR server, ${smartFhirBase(origin)} (optionally with /s/{scenario}), not "${fhirBase}".`;
  }
  const decoded = decodeScenario(match[1]);
  if (!decoded.ok) return `The scenario in fhirBase cannot be read: ${decoded.reason}`;
  return undefined;
}

async function launch(env: MockEnv, request: Request, origin: string): Promise<Response> {
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = await request.json();
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return invalid('The body must be a JSON object.');
    body = parsed as Record<string, unknown>;
  } catch {
    return invalid('The body must be JSON: {patient, practitioner, encounter?, launchUrl, fhirBase?, scenario?}.');
  }

  const patient = str(body.patient);
  if (!patient) return invalid('patient is required.');
  if (!patients.some((p) => p.id === patient)) return invalid(`patient "${patient}" is not a patient of this EHR.`);
  const practitioner = str(body.practitioner);
  if (!practitioner) return invalid('practitioner is required: the clinician who launches the app.');
  if (!practitioners.some((p) => p.id === practitioner)) return invalid(`practitioner "${practitioner}" is not a user of this EHR.`);
  const encounter = str(body.encounter);
  if (encounter) {
    const found = findEncounter(encounter);
    if (!found) return invalid(`encounter "${encounter}" does not exist.`);
    if ((found.subject as { reference?: string }).reference !== `Patient/${patient}`) {
      return invalid(`encounter "${encounter}" belongs to another patient, not to ${patient}.`);
    }
  }

  let launchUrlText = str(body.launchUrl);
  const clientId = str(body.client_id);
  if (body.client_id !== undefined && !clientId) return invalid('client_id must be a string when given.');
  if (clientId) {
    const app = await env.store.get<DynamicClientRecord>(clientKey(clientId));
    if (!app)
      return invalid(`client_id "${clientId}" is not an app registered at this server (registrations last 24 hours; register it again on the Inspect page).`);
    if (!launchUrlText && !app.launch_uri)
      return invalid(`The app "${clientId}" was registered without a launch_uri; give its launch URL here, or register it with one.`);
    launchUrlText ??= app.launch_uri;
  }
  if (!launchUrlText) return invalid("launchUrl is required: the app's launch URL, which receives iss and launch.");
  let launchUrl: URL;
  try {
    launchUrl = new URL(launchUrlText);
  } catch {
    return invalid(`launchUrl "${launchUrlText}" is not an absolute URL.`);
  }
  if (launchUrl.protocol !== 'https:' && launchUrl.protocol !== 'http:') return invalid('launchUrl must be an http or https URL.');
  if (launchUrl.hash) return invalid('launchUrl must not have a #fragment.');

  let iss: string;
  if (body.fhirBase !== undefined) {
    const given = str(body.fhirBase);
    if (!given) return invalid('fhirBase must be a URL when given.');
    const problem = checkFhirBase(given, origin);
    if (problem) return invalid(problem);
    iss = given.replace(/\/+$/, '');
  } else if (body.scenario !== undefined) {
    const segment = encodeScenario(body.scenario as Scenario);
    const decoded = decodeScenario(segment);
    if (!decoded.ok) return invalid(`scenario: ${decoded.reason}`);
    iss = smartFhirBase(origin, Object.keys(decoded.scenario).length > 0 ? segment : undefined);
  } else {
    iss = smartFhirBase(origin);
  }

  const record: LaunchContextRecord = {
    id: randomValue(16),
    iss,
    patient,
    practitioner,
    fhirUser: `Practitioner/${practitioner}`,
    ...(encounter ? { encounter } : {}),
    need_patient_banner: true,
    smart_style_url: smartStyleUrl(origin),
    launchUrl: launchUrl.href,
    createdAt: env.now(),
  };
  await saveLaunchContext(env.store, record);

  launchUrl.searchParams.set('iss', iss);
  launchUrl.searchParams.set('launch', record.id);
  const answer: LaunchAnswer = { location: launchUrl.href, launch: record.id, iss, expires_in: LAUNCH_TTL_SECONDS };
  return json(answer);
}

/** What the EHR page shows: its patients, users and encounters, and the launch options. */
export interface EhrContext {
  patients: { id: string; name: string; birthDate: string; gender: string }[];
  practitioners: { id: string; name: string; role: string }[];
  encounters: { id: string; patient: string; label: string }[];
  defaultFhirBase: string;
  simulatedErrors: string[];
  launchTtlSeconds: number;
}

function context(origin: string): EhrContext {
  return {
    patients: patients.map((p) => ({ id: p.id, name: displayName(p), birthDate: p.birthDate as string, gender: p.gender as string })),
    practitioners: practitioners.map((p) => ({
      id: p.id,
      name: displayName(p),
      role: (p.qualification as { code: { text: string } }[] | undefined)?.[0]?.code.text ?? '',
    })),
    encounters: patients.flatMap((p) => encountersOf(p.id).map((e) => ({ id: e.id, patient: p.id, label: encounterLabel(e) }))),
    defaultFhirBase: smartFhirBase(origin),
    simulatedErrors: [...SIMULATED_ERRORS],
    launchTtlSeconds: LAUNCH_TTL_SECONDS,
  };
}

export function createEhrServer(env: MockEnv): MockServer {
  const router = new Router()
    .post(`${EHR_PREFIX}/launch`, async (request) => launch(env, request, ownOrigin(env, request)))
    .get(`${EHR_PREFIX}/context`, async (request) => json(context(ownOrigin(env, request))));
  return (request) => router.handle(request);
}
