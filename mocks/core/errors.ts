import { DIGID_PREFIX, MEDMIJ_PREFIX, MOCK_PREFIX, SMART_PREFIX } from '../paths';

/**
 * The error a protocol endpoint answers when a request cannot even be routed
 * (a broken %-escape, a wrong method, a body over the limit): each in the shape
 * its clients parse. SOAP endpoints answer a SOAP 1.1 Fault, FHIR endpoints an
 * OperationOutcome, the OAuth and page endpoints an RFC 6749 §5.2 JSON error,
 * anything else (the app's own pages) plain text.
 */
type ErrorShape = 'soap' | 'fhir' | 'oauth' | 'text';

const SOAP_PATH = `${DIGID_PREFIX}/saml/artifact-resolve`;
const SMART_FHIR = new RegExp(`^${SMART_PREFIX}(?:/s/[^/]*)?/fhir(?:/|$)`);
const SMART_WELL_KNOWN = new RegExp(`^${SMART_PREFIX}(?:/s/[^/]*)?/fhir/\\.well-known(?:/|$)`);
const MEDMIJ_FHIR = new RegExp(`^${MEDMIJ_PREFIX}(?:/s/[^/]*)?/[^/]*/fhir(?:/|$)`);

function errorShapeFor(pathname: string): ErrorShape {
  if (pathname.startsWith(SOAP_PATH)) return 'soap';
  if (SMART_FHIR.test(pathname) && !SMART_WELL_KNOWN.test(pathname)) return 'fhir';
  if (MEDMIJ_FHIR.test(pathname)) return 'fhir';
  if (pathname === MOCK_PREFIX || pathname.startsWith(`${MOCK_PREFIX}/`)) return 'oauth';
  return 'text';
}

const OAUTH_ERROR: Record<number, string> = { 400: 'invalid_request', 401: 'invalid_client', 403: 'access_denied', 404: 'invalid_request' };
const FHIR_ISSUE: Record<number, string> = { 400: 'invalid', 404: 'not-found', 405: 'not-supported', 413: 'too-costly', 415: 'not-supported' };

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** An error response for `pathname` in the shape its endpoint speaks. */
export function protocolError(pathname: string, status: number, message: string, headers: Record<string, string> = {}): Response {
  const shape = errorShapeFor(pathname);
  const h = new Headers({ 'cache-control': 'no-store', ...headers });
  switch (shape) {
    case 'soap': {
      h.set('content-type', 'text/xml; charset=utf-8');
      const fault = status >= 500 ? 'soapenv:Server' : 'soapenv:Client';
      const xml = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>',
        `<faultcode>${fault}</faultcode><faultstring>${escapeXml(message)}</faultstring>`,
        '</soapenv:Fault></soapenv:Body></soapenv:Envelope>',
      ].join('\n');
      return new Response(xml, { status, headers: h });
    }
    case 'fhir':
      h.set('content-type', 'application/fhir+json; charset=utf-8');
      return new Response(
        JSON.stringify(
          { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: FHIR_ISSUE[status] ?? 'invalid', diagnostics: message }] },
          null,
          2,
        ),
        { status, headers: h },
      );
    case 'oauth':
      h.set('content-type', 'application/json; charset=utf-8');
      return new Response(JSON.stringify({ error: OAUTH_ERROR[status] ?? 'invalid_request', error_description: message }, null, 2), { status, headers: h });
    case 'text':
      h.set('content-type', 'text/plain; charset=utf-8');
      return new Response(message, { status, headers: h });
  }
}
