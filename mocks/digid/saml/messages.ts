import { child, escapeXml, parseXml, type XmlElement, type XmlLimits } from './xml';
import { errorText } from '../../../src/protocol/step-failure';

/**
 * The SAML 2.0 messages DigiD exchanges with a service provider: the
 * AuthnRequest (front channel, HTTP-Redirect), the ArtifactResolve and the
 * ArtifactResponse (back channel, SOAP 1.1). Builders write the XML as the
 * playground shows it; readers check what a strict receiver checks and throw
 * SamlError with a message naming the element or attribute.
 *
 * The real DigiD signs the ArtifactResponse and requires signed requests and
 * mutual TLS on the back channel; the mock leaves signatures out to keep the
 * messages readable (see the step explanations).
 */

export const NS = {
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
} as const;

export const BINDING = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  artifact: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact',
  soap: 'urn:oasis:names:tc:SAML:2.0:bindings:SOAP',
} as const;

export const STATUS = {
  success: 'urn:oasis:names:tc:SAML:2.0:status:Success',
  requester: 'urn:oasis:names:tc:SAML:2.0:status:Requester',
  responder: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
  versionMismatch: 'urn:oasis:names:tc:SAML:2.0:status:VersionMismatch',
  authnFailed: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed',
  noAuthnContext: 'urn:oasis:names:tc:SAML:2.0:status:NoAuthnContext',
  requestDenied: 'urn:oasis:names:tc:SAML:2.0:status:RequestDenied',
} as const;

/** DigiD's levels of assurance (betrouwbaarheidsniveaus) and their AuthnContextClassRef, lowest first. */
const DIGID_LEVELS = [
  { level: 'basis', uri: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' },
  { level: 'midden', uri: 'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract' },
  { level: 'substantieel', uri: 'urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard' },
  { level: 'hoog', uri: 'urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI' },
] as const;
export type DigidLevel = (typeof DIGID_LEVELS)[number]['level'];

export function levelUri(level: DigidLevel): string {
  return DIGID_LEVELS.find((l) => l.level === level)!.uri;
}
export function levelOfUri(uri: string): DigidLevel | undefined {
  return DIGID_LEVELS.find((l) => l.uri === uri)?.level;
}
export function levelRank(level: DigidLevel): number {
  return DIGID_LEVELS.findIndex((l) => l.level === level);
}

/** DigiD's sector code for a BSN: the NameID is `s00000000:<BSN>`. */
export const BSN_SECTOR = 's00000000';

export class SamlError extends Error {
  constructor(
    message: string,
    /** The SAML top-level status a responder answers with. */
    readonly status: string = STATUS.requester,
  ) {
    super(message);
    this.name = 'SamlError';
  }
}

/** SAML IDs are xs:ID (an NCName): they may not start with a digit, so a UUID gets a leading underscore. */
export function newSamlId(): string {
  return `_${crypto.randomUUID()}`;
}

/** SAML times are UTC xs:dateTime ending in Z (DigiD: "2012-02-28T09:01:13Z"). */
export function samlInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A SAML message is a few KB, about 10 deep: anything far bigger is refused before it costs time. */
const SAML_XML_LIMITS: XmlLimits = { maxLength: 256 * 1024, maxDepth: 32, maxElements: 2_000 };

function parseDocument(xml: string, what: string): XmlElement {
  try {
    return parseXml(xml, SAML_XML_LIMITS).documentElement;
  } catch (e) {
    throw new SamlError(`The ${what} is not well-formed XML: ${errorText(e)}`);
  }
}

function requireAttr(el: XmlElement, name: string, what: string): string {
  const v = el.getAttribute(name);
  if (v === null || v === '') throw new SamlError(`${what} has no ${name} attribute`);
  return v;
}

function requireChild(el: XmlElement, ns: string, name: string, what: string): XmlElement {
  const c = child(el, ns, name);
  if (!c) throw new SamlError(`${what} has no <${name}> element (namespace ${ns})`);
  return c;
}

function requireInstant(el: XmlElement, name: string, what: string): string {
  const v = requireAttr(el, name, what);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v)) throw new SamlError(`${what} ${name}="${v}" is not a UTC time ending in Z`);
  return v;
}

function checkVersion(el: XmlElement, what: string) {
  const v = requireAttr(el, 'Version', what);
  if (v !== '2.0') throw new SamlError(`${what} has Version="${v}"; SAML 2.0 messages carry Version="2.0"`, STATUS.versionMismatch);
}

// ---------------------------------------------------------------- AuthnRequest

export interface AuthnRequestFields {
  id: string;
  issueInstant: string;
  destination: string;
  assertionConsumerServiceUrl: string;
  issuer: string;
  /** The minimum level (RequestedAuthnContext Comparison="minimum"). */
  level: DigidLevel;
  providerName?: string;
  forceAuthn?: boolean;
}

export function buildAuthnRequest(f: AuthnRequestFields): string {
  return [
    `<samlp:AuthnRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}"`,
    `    ID="${escapeXml(f.id)}" Version="2.0" IssueInstant="${f.issueInstant}"`,
    `    Destination="${escapeXml(f.destination)}"`,
    `    AssertionConsumerServiceURL="${escapeXml(f.assertionConsumerServiceUrl)}"`,
    `    ProtocolBinding="${BINDING.artifact}"`,
    `    ForceAuthn="${f.forceAuthn ? 'true' : 'false'}"${f.providerName ? ` ProviderName="${escapeXml(f.providerName)}"` : ''}>`,
    `  <saml:Issuer>${escapeXml(f.issuer)}</saml:Issuer>`,
    `  <samlp:RequestedAuthnContext Comparison="minimum">`,
    `    <saml:AuthnContextClassRef>${levelUri(f.level)}</saml:AuthnContextClassRef>`,
    `  </samlp:RequestedAuthnContext>`,
    `</samlp:AuthnRequest>`,
  ].join('\n');
}

/** Reads an AuthnRequest as DigiD does; throws SamlError naming what is wrong. */
export function parseAuthnRequest(xml: string): AuthnRequestFields {
  const root = parseDocument(xml, 'SAMLRequest');
  if (root.localName !== 'AuthnRequest' || root.namespaceURI !== NS.samlp) {
    throw new SamlError(`SAMLRequest holds <${root.tagName}>; expected samlp:AuthnRequest in ${NS.samlp}`);
  }
  const what = 'The AuthnRequest';
  checkVersion(root, what);
  const binding = root.getAttribute('ProtocolBinding');
  if (binding !== BINDING.artifact) {
    throw new SamlError(`${what} asks for ProtocolBinding="${binding ?? ''}"; DigiD answers with ${BINDING.artifact} only`);
  }
  const acs = requireAttr(root, 'AssertionConsumerServiceURL', what);
  try {
    new URL(acs);
  } catch {
    throw new SamlError(`${what} AssertionConsumerServiceURL "${acs}" is not an absolute URL`);
  }
  const issuer = requireChild(root, NS.saml, 'Issuer', what).textContent.trim();
  if (!issuer) throw new SamlError(`${what} has an empty <Issuer>`);
  const rac = requireChild(root, NS.samlp, 'RequestedAuthnContext', what);
  const comparison = rac.getAttribute('Comparison') ?? 'exact';
  if (comparison !== 'minimum') throw new SamlError(`${what} RequestedAuthnContext has Comparison="${comparison}"; DigiD expects "minimum"`);
  const classRef = requireChild(rac, NS.saml, 'AuthnContextClassRef', 'RequestedAuthnContext').textContent.trim();
  const level = levelOfUri(classRef);
  if (!level) throw new SamlError(`${what} asks for AuthnContextClassRef "${classRef}", which is not one of DigiD's levels`, STATUS.requester);
  return {
    id: requireAttr(root, 'ID', what),
    issueInstant: requireInstant(root, 'IssueInstant', what),
    destination: root.getAttribute('Destination') ?? '',
    assertionConsumerServiceUrl: acs,
    issuer,
    level,
    providerName: root.getAttribute('ProviderName') ?? undefined,
    forceAuthn: root.getAttribute('ForceAuthn') === 'true',
  };
}

// ------------------------------------------------------ Response and Assertion

export type AuthnOutcome = { kind: 'success'; bsn: string; level: DigidLevel; authnInstant: string } | { kind: 'failed'; subStatus: string; message: string };

export interface ResponseFields {
  id: string;
  inResponseTo: string;
  issueInstant: string;
  destination: string;
  issuer: string;
  audience: string;
  outcome: AuthnOutcome;
  /** Assertion validity, ms */
  notBefore: number;
  notOnOrAfter: number;
}

/** The samlp:Response DigiD keeps behind an artifact (no Assertion when authentication failed). */
export function buildResponse(f: ResponseFields): string {
  const head = `  <samlp:Response ID="${f.id}" InResponseTo="${escapeXml(f.inResponseTo)}" Version="2.0" IssueInstant="${f.issueInstant}" Destination="${escapeXml(f.destination)}">`;
  const issuer = `    <saml:Issuer>${escapeXml(f.issuer)}</saml:Issuer>`;
  if (f.outcome.kind === 'failed') {
    return [
      head,
      issuer,
      `    <samlp:Status>`,
      `      <samlp:StatusCode Value="${STATUS.responder}">`,
      `        <samlp:StatusCode Value="${f.outcome.subStatus}"/>`,
      `      </samlp:StatusCode>`,
      `      <samlp:StatusMessage>${escapeXml(f.outcome.message)}</samlp:StatusMessage>`,
      `    </samlp:Status>`,
      `  </samlp:Response>`,
    ].join('\n');
  }
  const o = f.outcome;
  return [
    head,
    issuer,
    `    <samlp:Status><samlp:StatusCode Value="${STATUS.success}"/></samlp:Status>`,
    `    <saml:Assertion ID="${newSamlId()}" Version="2.0" IssueInstant="${f.issueInstant}">`,
    `      <saml:Issuer>${escapeXml(f.issuer)}</saml:Issuer>`,
    `      <saml:Subject>`,
    `        <saml:NameID>${BSN_SECTOR}:${escapeXml(o.bsn)}</saml:NameID>`,
    `        <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">`,
    `          <saml:SubjectConfirmationData InResponseTo="${escapeXml(f.inResponseTo)}" NotOnOrAfter="${samlInstant(f.notOnOrAfter)}" Recipient="${escapeXml(f.destination)}"/>`,
    `        </saml:SubjectConfirmation>`,
    `      </saml:Subject>`,
    `      <saml:Conditions NotBefore="${samlInstant(f.notBefore)}" NotOnOrAfter="${samlInstant(f.notOnOrAfter)}">`,
    `        <saml:AudienceRestriction><saml:Audience>${escapeXml(f.audience)}</saml:Audience></saml:AudienceRestriction>`,
    `      </saml:Conditions>`,
    `      <saml:AuthnStatement AuthnInstant="${o.authnInstant}">`,
    `        <saml:AuthnContext><saml:AuthnContextClassRef>${levelUri(o.level)}</saml:AuthnContextClassRef></saml:AuthnContext>`,
    `      </saml:AuthnStatement>`,
    `    </saml:Assertion>`,
    `  </samlp:Response>`,
  ].join('\n');
}

// ---------------------------------------------------------------- SOAP wrapper

function soap(body: string): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<soapenv:Envelope xmlns:soapenv="${NS.soap}">`,
    `<soapenv:Body>`,
    body,
    `</soapenv:Body>`,
    `</soapenv:Envelope>`,
  ].join('\n');
}

function soapBody(xml: string, what: string): XmlElement {
  const env = parseDocument(xml, what);
  if (env.localName !== 'Envelope' || env.namespaceURI !== NS.soap) {
    throw new SamlError(`The ${what} is <${env.tagName}>, not a SOAP 1.1 Envelope (${NS.soap})`);
  }
  const body = child(env, NS.soap, 'Body');
  if (!body || body.children.length !== 1) throw new SamlError(`The ${what}'s SOAP Body must hold exactly one element`);
  return body.children[0];
}

// ------------------------------------------------------------- ArtifactResolve

export interface ArtifactResolveFields {
  id: string;
  issueInstant: string;
  issuer: string;
  artifact: string;
  destination?: string;
}

export function buildArtifactResolve(f: ArtifactResolveFields): string {
  return soap(
    [
      `<samlp:ArtifactResolve xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${f.id}" Version="2.0" IssueInstant="${f.issueInstant}"${f.destination ? ` Destination="${escapeXml(f.destination)}"` : ''}>`,
      `  <saml:Issuer>${escapeXml(f.issuer)}</saml:Issuer>`,
      `  <samlp:Artifact>${escapeXml(f.artifact)}</samlp:Artifact>`,
      `</samlp:ArtifactResolve>`,
    ].join('\n'),
  );
}

export function parseArtifactResolve(xml: string): ArtifactResolveFields {
  const el = soapBody(xml, 'ArtifactResolve request');
  if (el.localName !== 'ArtifactResolve' || el.namespaceURI !== NS.samlp) {
    throw new SamlError(`The SOAP Body holds <${el.tagName}>; expected samlp:ArtifactResolve`);
  }
  const what = 'The ArtifactResolve';
  checkVersion(el, what);
  const artifact = requireChild(el, NS.samlp, 'Artifact', what).textContent.trim();
  if (!artifact) throw new SamlError(`${what} has an empty <Artifact>`);
  return {
    id: requireAttr(el, 'ID', what),
    issueInstant: requireInstant(el, 'IssueInstant', what),
    issuer: requireChild(el, NS.saml, 'Issuer', what).textContent.trim(),
    artifact,
    destination: el.getAttribute('Destination') ?? undefined,
  };
}

// ------------------------------------------------------------ ArtifactResponse

export function buildArtifactResponse(f: {
  id: string;
  inResponseTo: string;
  issueInstant: string;
  issuer: string;
  /** The samlp:Response the artifact referred to; absent when the artifact is unknown or used. */
  response?: string;
  status?: string;
}): string {
  return soap(
    [
      `<samlp:ArtifactResponse xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${f.id}" InResponseTo="${escapeXml(f.inResponseTo)}" Version="2.0" IssueInstant="${f.issueInstant}">`,
      `  <saml:Issuer>${escapeXml(f.issuer)}</saml:Issuer>`,
      `  <samlp:Status><samlp:StatusCode Value="${f.status ?? STATUS.success}"/></samlp:Status>`,
      ...(f.response ? [f.response] : []),
      `</samlp:ArtifactResponse>`,
    ].join('\n'),
  );
}

interface ParsedAssertion {
  issuer: string;
  nameId: string;
  subjectInResponseTo: string | null;
  recipient: string | null;
  notBefore: string | null;
  notOnOrAfter: string | null;
  audiences: string[];
  authnInstant: string | null;
  classRef: string | null;
}

export interface ParsedArtifactResponse {
  id: string;
  inResponseTo: string;
  issuer: string;
  status: string;
  response?: {
    id: string;
    inResponseTo: string | null;
    destination: string | null;
    status: string;
    subStatus: string | null;
    statusMessage: string | null;
    assertion?: ParsedAssertion;
  };
}

function readStatus(el: XmlElement, what: string) {
  const status = requireChild(el, NS.samlp, 'Status', what);
  const code = requireChild(status, NS.samlp, 'StatusCode', `${what} Status`);
  const sub = child(code, NS.samlp, 'StatusCode');
  return {
    status: requireAttr(code, 'Value', `${what} StatusCode`),
    subStatus: sub?.getAttribute('Value') ?? null,
    statusMessage: child(status, NS.samlp, 'StatusMessage')?.textContent.trim() ?? null,
  };
}

export function parseArtifactResponse(xml: string): ParsedArtifactResponse {
  const el = soapBody(xml, 'ArtifactResponse');
  if (el.localName !== 'ArtifactResponse' || el.namespaceURI !== NS.samlp) {
    throw new SamlError(`The SOAP Body holds <${el.tagName}>; expected samlp:ArtifactResponse`);
  }
  const what = 'The ArtifactResponse';
  checkVersion(el, what);
  const out: ParsedArtifactResponse = {
    id: requireAttr(el, 'ID', what),
    inResponseTo: requireAttr(el, 'InResponseTo', what),
    issuer: requireChild(el, NS.saml, 'Issuer', what).textContent.trim(),
    status: readStatus(el, what).status,
  };
  const r = child(el, NS.samlp, 'Response');
  if (!r) return out;
  const st = readStatus(r, 'The Response');
  const a = child(r, NS.saml, 'Assertion');
  let assertion: ParsedAssertion | undefined;
  if (a) {
    const subject = requireChild(a, NS.saml, 'Subject', 'The Assertion');
    const scd = child(child(subject, NS.saml, 'SubjectConfirmation'), NS.saml, 'SubjectConfirmationData');
    const conditions = child(a, NS.saml, 'Conditions');
    const audiences = (conditions?.getElementsByTagName('*') ?? [])
      .filter((e) => e.localName === 'Audience' && e.namespaceURI === NS.saml)
      .map((e) => e.textContent.trim());
    const authn = child(a, NS.saml, 'AuthnStatement');
    const classRef = child(child(authn, NS.saml, 'AuthnContext'), NS.saml, 'AuthnContextClassRef');
    assertion = {
      issuer: child(a, NS.saml, 'Issuer')?.textContent.trim() ?? '',
      nameId: requireChild(subject, NS.saml, 'NameID', 'The Subject').textContent.trim(),
      subjectInResponseTo: scd?.getAttribute('InResponseTo') ?? null,
      recipient: scd?.getAttribute('Recipient') ?? null,
      notBefore: conditions?.getAttribute('NotBefore') ?? null,
      notOnOrAfter: conditions?.getAttribute('NotOnOrAfter') ?? null,
      audiences,
      authnInstant: authn?.getAttribute('AuthnInstant') ?? null,
      classRef: classRef?.textContent.trim() ?? null,
    };
  }
  out.response = {
    id: requireAttr(r, 'ID', 'The Response'),
    inResponseTo: r.getAttribute('InResponseTo'),
    destination: r.getAttribute('Destination'),
    ...st,
    assertion,
  };
  return out;
}
