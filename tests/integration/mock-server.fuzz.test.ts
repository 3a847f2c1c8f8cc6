/**
 * A bounded property-based fuzz of every mock endpoint over real HTTP: broken
 * paths and escapes, odd methods, random query strings, bodies and headers
 * (Host included). Whatever comes in, the answer is no 5xx (a SOAP fault
 * aside), an error in the endpoint's own shape, within a second; and the
 * server still completes a normal flow afterwards. Fixed seed and run count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeScenario } from '../../mocks/smart-auth/scenario';
import { runStandaloneFlow } from '../../scripts/standalone-flow';
import { rawRequest, type RawResponse } from '../unit/mock-server/raw-http';
import { mockHttpServerForFile } from '../support/mock-http-server';

const server = mockHttpServerForFile();

const SC = encodeScenario({ patient: 'p-anna', skipLogin: true, skipConsent: true });
/** Every endpoint family; `{seg}` is replaced by a fuzzed path segment. */
const ENDPOINTS = [
  '/mock/smart/fhir/.well-known/smart-configuration',
  '/mock/smart/s/{seg}/fhir/.well-known/openid-configuration',
  `/mock/smart/s/${SC}/auth/authorize`,
  '/mock/smart/s/{seg}/auth/authorize',
  '/mock/smart/auth/token',
  '/mock/smart/auth/introspect',
  '/mock/smart/auth/jwks',
  '/mock/smart/auth/register',
  '/mock/smart/fhir/metadata',
  '/mock/smart/fhir/Patient/{seg}',
  '/mock/smart/s/{seg}/fhir/Observation',
  '/mock/ehr/launch',
  '/mock/ehr/context',
  '/mock/medmij/lists/zal.xml',
  '/mock/medmij/{seg}/oauth/authorize',
  '/mock/medmij/umcharderwijk/oauth/token',
  '/mock/medmij/umcharderwijk/saml/acs',
  '/mock/medmij/umcharderwijk/oauth/consent',
  '/mock/medmij/{seg}/fhir/Observation',
  '/mock/digid/sso',
  '/mock/digid/s/{seg}/sso',
  '/mock/digid/saml/artifact-resolve',
  '/mock/digid/saml/idp/metadata',
];

const printable = fc.string({
  unit: fc.constantFrom(...' !"#$&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~'),
  maxLength: 40,
});
const segment = fc.oneof(
  fc.constantFrom('%ZZ', '%', '%E0%A4%A', '%00', '..', '%2e%2e', '%2F', 'p-anna', '', '~', '%C0%AF', 'x'.repeat(300)),
  printable.map((s) => encodeURIComponent(s)),
  fc.string({ maxLength: 20 }).map((s) => encodeURIComponent(s).replace(/%2[05]/g, '%')),
);
const query = fc.oneof(
  fc.constant(''),
  fc
    .dictionary(
      fc.constantFrom(
        'response_type',
        'client_id',
        'redirect_uri',
        'scope',
        'state',
        'aud',
        'code_challenge',
        'code_challenge_method',
        'SAMLRequest',
        'SAMLart',
        'RelayState',
        'patient',
        '_count',
        'session',
      ),
      printable,
      { maxKeys: 6 },
    )
    .map((d) => `?${new URLSearchParams(d)}`),
  fc.constantFrom('?%ZZ=1', '?a=%', '?SAMLRequest=%%%', '?SAMLRequest=AAAA', '?_count=-1', '?_count=99999999999'),
);
const body = fc.oneof(
  fc.constant(undefined),
  printable,
  fc
    .dictionary(fc.constantFrom('grant_type', 'code', 'refresh_token', 'client_id', 'token', 'code_verifier', 'redirect_uri', 'action', 'query'), printable, {
      maxKeys: 5,
    })
    .map((d) => new URLSearchParams(d).toString()),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '{"action":"view","query":"?SAMLRequest=%ZZ"}',
    '<a><b>',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>',
    '\u0000\uffff',
    '{"action":',
  ),
);
const contentType = fc.constantFrom(
  undefined,
  'application/x-www-form-urlencoded',
  'application/json',
  'text/xml',
  'application/fhir+json',
  'multipart/form-data; boundary=x',
  'text/plain',
  '%%%',
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND');
const host = fc.constantFrom(undefined, 'evil.example', '127.0.0.1:1', 'a b', '[::1]:9', 'localhost:99999');
const authorization = fc.constantFrom(undefined, 'Bearer ', 'Bearer x.y.z', 'Basic %%%', 'Basic cGxheWdyb3VuZC1jb25maWRlbnRpYWw6eA==', 'Negotiate x');

const ERROR_SHAPES = {
  json: (r: RawResponse) => {
    const b = JSON.parse(r.body) as Record<string, unknown>;
    return (
      typeof b.error === 'string' || b.resourceType === 'OperationOutcome' || (b.kind === 'error' && typeof b.message === 'string') || b.screen === 'error'
    );
  },
  xml: (r: RawResponse) => r.body.includes('Fault>'),
  html: (r: RawResponse) => /<h1>|<html/i.test(r.body),
  text: (r: RawResponse) => r.body.length > 0,
};

function wellShapedError(r: RawResponse, method: string): boolean {
  if (method === 'HEAD' || r.status === 304) return true;
  const type = String(r.headers['content-type'] ?? '');
  try {
    if (/json/.test(type)) return ERROR_SHAPES.json(r);
    if (/xml/.test(type)) return ERROR_SHAPES.xml(r);
    if (/html/.test(type)) return ERROR_SHAPES.html(r);
    if (/text\/plain/.test(type)) return ERROR_SHAPES.text(r);
  } catch {
    return false;
  }
  return false;
}

describe('fuzzing every endpoint over HTTP', () => {
  it('answers every request with no 5xx (SOAP faults aside), a spec-shaped error and within a second', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        segment,
        query,
        method,
        body,
        contentType,
        host,
        authorization,
        async (endpoint, seg, q, m, b, type, h, auth) => {
          const headers: Record<string, string> = {};
          if (type) headers['content-type'] = type;
          if (h) headers.host = h;
          if (auth) headers.authorization = auth;
          const sendsBody = b !== undefined && m !== 'GET' && m !== 'HEAD';
          const res = await rawRequest(server.origin, {
            method: m,
            path: endpoint.replace('{seg}', seg) + q,
            headers,
            body: sendsBody ? b : undefined,
            timeoutMs: 3_000,
          });
          const soapFault = res.status === 500 && String(res.headers['content-type']).includes('xml') && res.body.includes('Fault>');
          expect(res.status < 500 || soapFault, `${m} ${endpoint} ${seg} ${q} → ${res.status} ${res.body.slice(0, 200)}`).toBe(true);
          if (res.status >= 400)
            expect(wellShapedError(res, m), `${m} ${endpoint} → ${res.status} ${String(res.headers['content-type'])} ${res.body.slice(0, 200)}`).toBe(true);
          expect(res.ms, `${m} ${endpoint} took ${res.ms} ms`).toBeLessThan(1_000);
        },
      ),
      { seed: 20261130, numRuns: 600, interruptAfterTimeLimit: 40_000 },
    );
    // And it still serves a room afterwards.
    await runStandaloneFlow(server.origin);
  }, 60_000);
});
