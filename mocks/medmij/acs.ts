import { backChannelCall } from '../core/back-channel';
import type { MockEnv } from '../core/server';
import { accountAge, findAccountByBsn } from '../digid/accounts';
import { digidArtifactResolveUrl, digidEntityId } from '../digid/endpoints';
import { sharedView, type Screen } from '../core/page-protocol';
import { artifactIsFrom, parseArtifact } from '../digid/saml/artifact';
import {
  BSN_SECTOR,
  STATUS,
  buildArtifactResolve,
  levelOfUri,
  levelRank,
  newSamlId,
  parseArtifactResponse,
  samlInstant,
  type DigidLevel,
} from '../digid/saml/messages';
import { findZorgaanbieder, holdsData, patientIdForBsn } from './directory';
import { zorgaanbiederEndpoints } from './endpoints';
import type { MedMijScenario } from './scenario';
import { ACCESS_DENIED, currentScreen, errorRedirect, loadSession, saveSession, type AuthSession, type Check } from './session';
import { errorText } from '../../src/protocol/step-failure';

/** MedMij: a person may use a PGO from the age of 16. */
const MINIMUM_AGE = 16;
const CLOCK_SKEW_MS = 2 * 60 * 1000;

/**
 * The assertion consumer service: the browser comes back from DigiD with a
 * SAML artifact; the authorization server resolves it directly at DigiD
 * (ArtifactResolve over SOAP), checks the answer, then runs the availability
 * check and sends the browser on to the consent page (or back to the PGO with
 * the exception's error).
 */
export function assertionConsumer(
  env: MockEnv,
  origin: string,
  slug: string,
  scenario: MedMijScenario,
  query: string,
  backChannel: typeof fetch,
): Promise<Screen<never>> {
  // StrictMode's second view arrives while the first resolves the artifact: it gets the first's answer.
  return sharedView(env.store, `medmij:acs:${slug}${query}`, () => consumeAssertion(env, origin, slug, scenario, query, backChannel));
}

async function consumeAssertion(
  env: MockEnv,
  origin: string,
  slug: string,
  scenario: MedMijScenario,
  query: string,
  backChannel: typeof fetch,
): Promise<Screen<never>> {
  const params = new URLSearchParams(query);
  const art = params.getAll('SAMLart');
  const relay = params.getAll('RelayState');
  if (relay.length !== 1 || !relay[0]) {
    return {
      kind: 'error',
      status: 400,
      title: 'Invalid SAML response',
      message: 'The return from DigiD has no (single) RelayState, so it belongs to no authorization session.',
      hint: 'Start again at the PGO.',
    };
  }
  const session = await loadSession(env, relay[0]);
  if (!session || session.za !== slug) {
    return {
      kind: 'error',
      status: 400,
      title: 'Unknown session',
      message: `RelayState "${relay[0]}" names no open authorization session here (expired after an hour, or never created).`,
      hint: 'Start again at the PGO.',
    };
  }
  if (session.stage !== 'digid') {
    // The same return from DigiD viewed again (a reload, Back): where the session stands, without resolving again.
    if (session.acs && art.join(',') === session.acs.artifact) return currentScreen(session);
    return {
      kind: 'error',
      status: 400,
      title: 'Already handled',
      message: 'This session already came back from DigiD once; a SAML artifact is used once only.',
      hint: 'Start again at the PGO.',
    };
  }
  const za = findZorgaanbieder(slug)!;
  const ep = zorgaanbiederEndpoints(origin, slug, session.scenarioSegment);
  const acsUrl = `${ep.acs}${query}`;

  const end = async (error: string, description: string): Promise<Screen<never>> => {
    const location = errorRedirect(session.request.redirect_uri, error, description, session.request.state);
    session.stage = 'done';
    session.result = { location, error, error_description: description };
    await saveSession(env, session);
    return { kind: 'redirect', location };
  };
  const digidFailed = async (checks: Check[], description: string, extra: Partial<NonNullable<AuthSession['digid']>> = {}) => {
    session.digid = { ok: false, checks, ...extra };
    return end('unauthorized_client', description);
  };

  // The artifact: type 0x0004, from DigiD (SourceID), single.
  const artifactChecks: Check[] = [];
  if (art.length !== 1 || !art[0]) {
    session.acs = { url: acsUrl, artifact: art.join(','), relayState: relay[0], artifactChecks };
    return digidFailed(
      [{ name: 'SAMLart', ok: false, detail: 'missing or repeated' }],
      'DigiD authentication failed: the return from DigiD carries no single SAMLart',
    );
  }
  const artifact = art[0];
  session.acs = { url: acsUrl, artifact, relayState: relay[0], artifactChecks };
  let parsedOk = false;
  try {
    const parsed = parseArtifact(artifact);
    artifactChecks.push({ name: 'Artifact format', ok: true, detail: `TypeCode 0x0004, EndpointIndex ${parsed.endpointIndex}, 44 bytes` });
    const fromDigid = await artifactIsFrom(parsed, digidEntityId(origin));
    artifactChecks.push({ name: 'SourceID = SHA-1(DigiD entityID)', ok: fromDigid, detail: `SourceID ${parsed.sourceIdHex}` });
    parsedOk = fromDigid;
  } catch (e) {
    artifactChecks.push({ name: 'Artifact format', ok: false, detail: errorText(e) });
  }
  if (!parsedOk) return digidFailed(artifactChecks, `DigiD authentication failed: ${artifactChecks.find((c) => !c.ok)!.detail}`);

  // The back channel: ArtifactResolve over SOAP 1.1.
  const resolveId = newSamlId();
  const resolveUrl = digidArtifactResolveUrl(origin);
  const requestXml = buildArtifactResolve({ id: resolveId, issueInstant: samlInstant(env.now()), issuer: ep.entityId, artifact, destination: resolveUrl });
  session.artifactResolve = { url: resolveUrl, request: requestXml };
  // To the configured DigiD address only (never one a request named), with a timeout and no redirects.
  const res = await backChannelCall(backChannel, resolveUrl, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: 'http://www.oasis-open.org/committees/security' },
    body: requestXml,
  });
  if (res.kind === 'failed') {
    session.artifactResolve.error = res.reason;
    return digidFailed(
      [{ name: 'ArtifactResolve', ok: false, detail: res.reason }],
      `DigiD authentication failed: DigiD could not be reached to resolve the artifact (${res.reason})`,
    );
  }
  const responseXml = res.text;
  session.artifactResolve.status = res.status;
  session.artifactResolve.response = responseXml;
  if (!res.ok)
    return digidFailed(
      [{ name: 'ArtifactResolve', ok: false, detail: `DigiD answered HTTP ${res.status}` }],
      `DigiD authentication failed: the ArtifactResolve got HTTP ${res.status}`,
    );

  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => {
    checks.push({ name, ok, detail });
    return ok;
  };
  let parsed;
  try {
    parsed = parseArtifactResponse(responseXml);
  } catch (e) {
    return digidFailed([{ name: 'ArtifactResponse', ok: false, detail: errorText(e) }], `DigiD authentication failed: ${errorText(e)}`);
  }
  check('ArtifactResponse InResponseTo', parsed.inResponseTo === resolveId, `${parsed.inResponseTo} (sent ${resolveId})`);
  check('ArtifactResponse Status', parsed.status === STATUS.success, parsed.status);
  const r = parsed.response;
  if (!r) {
    check('Response inside', false, 'none: DigiD does not know the artifact (expired, or already resolved once)');
    return digidFailed(checks, 'DigiD authentication failed: the artifact resolved to nothing (unknown, expired or already used)');
  }
  check('Response InResponseTo = AuthnRequest ID', r.inResponseTo === session.authn!.id, `${r.inResponseTo} (AuthnRequest ${session.authn!.id})`);
  check('Response Destination = this ACS', r.destination === ep.acs, r.destination ?? '(none)');
  if (r.status !== STATUS.success) {
    const cancelled = r.subStatus === STATUS.authnFailed;
    check('Response Status', false, `${r.status} / ${r.subStatus ?? ''}: ${r.statusMessage ?? ''}`);
    return digidFailed(
      checks,
      cancelled
        ? 'DigiD authentication was cancelled by the user (SAML status AuthnFailed)'
        : `DigiD authentication failed (SAML status ${r.subStatus ?? r.status})`,
      { status: r.status, subStatus: r.subStatus ?? undefined, message: r.statusMessage ?? undefined },
    );
  }
  check('Response Status', true, r.status);
  const a = r.assertion;
  if (!check('Assertion present', !!a, a ? 'yes' : 'a successful Response must carry an Assertion')) {
    return digidFailed(checks, 'DigiD authentication failed: the Response has no Assertion');
  }
  const now = env.now();
  check('Audience = this service provider', a!.audiences.includes(ep.entityId), a!.audiences.join(', ') || '(none)');
  check('SubjectConfirmationData Recipient = this ACS', a!.recipient === ep.acs, a!.recipient ?? '(none)');
  check('NotBefore ≤ now', !a!.notBefore || Date.parse(a!.notBefore) <= now + CLOCK_SKEW_MS, a!.notBefore ?? '(none)');
  check('NotOnOrAfter > now', !!a!.notOnOrAfter && Date.parse(a!.notOnOrAfter) > now - CLOCK_SKEW_MS, a!.notOnOrAfter ?? '(none)');
  const nameMatch = new RegExp(`^${BSN_SECTOR}:(\\d{9})$`, 'i').exec(a!.nameId);
  check('NameID is a BSN (sector s00000000)', !!nameMatch, nameMatch ? `${BSN_SECTOR}:<BSN>` : a!.nameId);
  const level: DigidLevel | undefined = a!.classRef ? levelOfUri(a!.classRef) : undefined;
  check(
    'Level of assurance ≥ requested',
    !!level && levelRank(level) >= levelRank(session.authn!.level as DigidLevel),
    `${level ?? a!.classRef ?? '(none)'} (asked for at least ${session.authn!.level})`,
  );
  const failed = checks.find((c) => !c.ok);
  if (failed) return digidFailed(checks, `DigiD authentication failed: check "${failed.name}" failed (${failed.detail})`);

  const bsn = nameMatch![1];
  session.digid = { ok: true, checks, nameId: a!.nameId, level };
  session.bsn = bsn;

  // The availability check (beschikbaarheidstoets): 16 or older, and data for this dienst.
  const account = findAccountByBsn(bsn);
  const patientId = patientIdForBsn(bsn);
  session.patientId = patientId;
  const age = account ? accountAge(account, now) : undefined;
  const availability: Check[] = [
    {
      name: `Age ${MINIMUM_AGE} or older`,
      ok: age !== undefined && age >= MINIMUM_AGE,
      detail: age === undefined ? 'no birth date known for this BSN' : `born ${account!.birthDate}: ${age} years old`,
    },
  ];
  const has = !!patientId && holdsData(za, session.dienst, patientId) && scenario.availability !== 'no-data';
  availability.push({
    name: `${za.displayName} holds data for gegevensdienst ${session.dienst}`,
    ok: has,
    detail: scenario.availability === 'no-data' ? 'simulated: no data' : has ? 'yes' : 'no records for this person',
  });
  const available = availability.every((c) => c.ok);
  session.availability = { ok: available, checks: availability };
  if (!available) return end('access_denied', ACCESS_DENIED.noSuchResources);

  if (scenario.consent === 'undecidable') {
    session.consent = { decision: 'undecidable', question: '', at: now, note: 'Simulated: the answer to the consent question cannot be established.' };
    return end('access_denied', ACCESS_DENIED.failed);
  }
  session.stage = 'consent';
  await saveSession(env, session);
  return currentScreen(session);
}
