import { ownOrigin, type MockEnv } from '../core/server';
import { findGegevensdienst } from './directory';
import { zorgaanbiederEndpoints } from './endpoints';
import { BSN_SYSTEM, resourcesFor, withoutBsn } from './fhir-data';
import { tokenKey, type MedMijAccessToken } from './token';

const FHIR_JSON = { 'content-type': 'application/fhir+json; charset=utf-8' };

function outcome(status: number, code: string, text: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: text }] }, null, 2), {
    status,
    headers: { ...FHIR_JSON, ...headers },
  });
}

/**
 * The resource server (ResourceEndpointuri on the ZAL): FHIR searches with the
 * bearer token. The token decides whose data and which gegevensdienst; the
 * request names no person, and neither request nor answer carries a BSN.
 */
export async function resource(env: MockEnv, request: Request, slug: string, rest: string, scenarioSegment?: string): Promise<Response> {
  const url = new URL(request.url);
  const realm = `realm="${slug}"`;
  const auth = request.headers.get('authorization') ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  if (!m) {
    return outcome(401, 'login', 'Send the access token as "Authorization: Bearer <token>" (RFC 6750 §2.1).', { 'www-authenticate': `Bearer ${realm}` });
  }
  const record = await env.store.get<MedMijAccessToken>(tokenKey(m[1]));
  const invalid = (why: string) =>
    outcome(401, 'login', why, { 'www-authenticate': `Bearer ${realm}, error="invalid_token", error_description="${why.replace(/"/g, "'")}"` });
  if (!record) return invalid('The access token is unknown or revoked');
  if (record.expiresAt <= env.now()) return invalid('The access token has expired (900 seconds)');
  if (record.za !== slug) return invalid(`The access token was issued by the authorization server of ${record.za}, not ${slug}`);

  const [type, id, ...more] = rest.split('/').filter(Boolean);
  const dienst = findGegevensdienst(record.dienst)!;
  if (!type || more.length)
    return outcome(
      400,
      'not-supported',
      `Use a search (GET ${zorgaanbiederEndpoints(ownOrigin(env, request), slug, scenarioSegment).resource}/{Type}?...) or a read of Type/id.`,
    );
  if (!dienst.resourceTypes.includes(type)) {
    return outcome(403, 'forbidden', `Gegevensdienst ${dienst.id} (${dienst.name}) gives ${dienst.resourceTypes.join(', ')}, not ${type}.`, {
      'www-authenticate': `Bearer ${realm}, error="insufficient_scope", scope="${record.scope}"`,
    });
  }
  for (const [k, v] of url.searchParams) {
    if (v.includes(BSN_SYSTEM) || /(^|\|)\d{9}$/.test(v)) {
      return outcome(
        400,
        'security',
        `Parameter ${k} carries what looks like a BSN. A MedMij request names no person: the access token identifies whose data it is.`,
      );
    }
  }
  let resources = record.patientId ? resourcesFor(slug, record.dienst, record.patientId).filter((r) => r.resourceType === type) : [];
  const category = url.searchParams.get('category');
  if (category) resources = resources.filter((r) => JSON.stringify(r.category ?? []).includes(`"${category.split('|').pop()}"`));
  const base = zorgaanbiederEndpoints(ownOrigin(env, request), slug, scenarioSegment).resource;
  if (id) {
    const found = resources.find((r) => r.id === id);
    return found
      ? new Response(JSON.stringify(withoutBsn(found), null, 2), { headers: FHIR_JSON })
      : outcome(404, 'not-found', `${type}/${id} is not known here for this token`);
  }
  const bundle = {
    resourceType: 'Bundle',
    id: crypto.randomUUID(),
    type: 'searchset',
    total: resources.length,
    link: [{ relation: 'self', url: url.href }],
    entry: resources.map((r) => ({ fullUrl: `${base}/${r.resourceType}/${r.id}`, resource: withoutBsn(r), search: { mode: 'match' } })),
  };
  return new Response(JSON.stringify(bundle, null, 2), { headers: FHIR_JSON });
}
