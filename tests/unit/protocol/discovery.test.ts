import { describe, expect, it } from 'vitest';
import { StepFailure } from '../../../src/flows/flow';
import {
  discoverOpenIdConfiguration,
  discoverSmartConfiguration,
  fetchJwks,
  smartConfigurationUrl,
  validateSmartConfiguration,
} from '../../../src/protocol/discovery';
import { fetchJson } from '../../../src/protocol/http';
import { answeringProbe, failingFetch, fakeFetch, json } from './fake-fetch';

const ISS = 'https://fhir.example.org/r4';

const goodDoc = () => ({
  issuer: ISS,
  jwks_uri: `${ISS}/auth/jwks`,
  authorization_endpoint: `${ISS}/auth/authorize`,
  token_endpoint: `${ISS}/auth/token`,
  token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic'],
  grant_types_supported: ['authorization_code', 'client_credentials'],
  scopes_supported: ['openid', 'fhirUser', 'launch', 'launch/patient', 'patient/*.rs'],
  response_types_supported: ['code'],
  introspection_endpoint: `${ISS}/auth/introspect`,
  revocation_endpoint: `${ISS}/auth/revoke`,
  management_endpoint: `${ISS}/manage`,
  capabilities: ['launch-ehr', 'launch-standalone', 'client-public', 'permission-v2', 'sso-openid-connect'],
  code_challenge_methods_supported: ['S256'],
});

async function failure(p: Promise<unknown>): Promise<StepFailure> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StepFailure);
  return e as StepFailure;
}

describe('discoverSmartConfiguration', () => {
  it('GETs {iss}/.well-known/smart-configuration with Accept: application/json and returns the typed document', async () => {
    const f = fakeFetch(() => json(goodDoc()));
    const config = await discoverSmartConfiguration(f, ISS);
    expect(f.calls[0].url).toBe(`${ISS}/.well-known/smart-configuration`);
    expect(f.calls[0].method).toBe('GET');
    expect(f.calls[0].headers.get('accept')).toBe('application/json');
    expect(config.token_endpoint).toBe(`${ISS}/auth/token`);
    expect(config.capabilities).toContain('launch-ehr');
    expect(config.code_challenge_methods_supported).toEqual(['S256']);
    expect(config.raw).toEqual(goodDoc());
  });

  it('drops a trailing slash of iss rather than asking for "//.well-known"', () => {
    expect(smartConfigurationUrl(`${ISS}/`)).toBe(`${ISS}/.well-known/smart-configuration`);
  });

  it('explains an iss without scheme', async () => {
    const e = await failure(
      discoverSmartConfiguration(
        fakeFetch(() => json(goodDoc())),
        'fhir.example.org/r4',
      ),
    );
    expect(e.error.code).toBe('invalid_url');
    expect(e.error.hint).toContain('https://fhir.example.org/r4');
  });

  it('refuses a non-http iss and one with a query', async () => {
    expect(
      (
        await failure(
          discoverSmartConfiguration(
            fakeFetch(() => json({})),
            'ftp://fhir.example.org',
          ),
        )
      ).error.code,
    ).toBe('invalid_url');
    const e = await failure(
      discoverSmartConfiguration(
        fakeFetch(() => json({})),
        `${ISS}?launch=1`,
      ),
    );
    expect(e.error.hint).toContain(ISS);
  });

  it('says an HTML answer is not JSON and shows its start', async () => {
    const html = '<!doctype html><html><head><title>My EHR</title></head><body>Welcome</body></html>';
    const e = await failure(
      discoverSmartConfiguration(
        fakeFetch(() => new Response(html, { headers: { 'content-type': 'text/html' } })),
        ISS,
      ),
    );
    expect(e.error.code).toBe('not_json');
    expect(e.error.message).toMatch(/HTML, not JSON.*FHIR base/);
    expect(e.error.cause).toContain('<!doctype html><html><head><title>My EHR</title></head><body>Welcome</body></html'.slice(0, 80));
    expect(e.error.cause).toContain('text/html');
  });

  it('reports a missing token_endpoint', async () => {
    const doc: Record<string, unknown> = goodDoc();
    delete doc.token_endpoint;
    const e = await failure(
      discoverSmartConfiguration(
        fakeFetch(() => json(doc)),
        ISS,
      ),
    );
    expect(e.error.code).toBe('missing_token_endpoint');
    expect(e.error.spec?.url).toContain('conformance');
  });

  it('reports a missing authorization_endpoint only when launches are supported', () => {
    const doc: Record<string, unknown> = goodDoc();
    delete doc.authorization_endpoint;
    expect(validateSmartConfiguration(doc).problems.map((p) => p.code)).toEqual(['missing_authorization_endpoint']);
    doc.capabilities = ['client-confidential-asymmetric'];
    expect(validateSmartConfiguration(doc).problems).toEqual([]);
  });

  it('explains that SMART 2 requires S256', async () => {
    const doc = { ...goodDoc(), code_challenge_methods_supported: ['plain'] };
    const e = await failure(
      discoverSmartConfiguration(
        fakeFetch(() => json(doc)),
        ISS,
      ),
    );
    expect(e.error.code).toBe('pkce_s256_not_supported');
    expect(e.error.message).toContain('["plain"]');
    expect(e.error.hint).toMatch(/SMART 2 requires PKCE with S256/);
    const missing: Record<string, unknown> = goodDoc();
    delete missing.code_challenge_methods_supported;
    expect(validateSmartConfiguration(missing).problems[0].message).toMatch(/missing/);
  });

  it('lists every problem when there are several', async () => {
    const e = await failure(
      discoverSmartConfiguration(
        fakeFetch(() => json({ capabilities: 'launch-ehr' })),
        ISS,
      ),
    );
    expect(e.error.message).toMatch(/has \d+ problems/);
    expect(e.error.cause).toMatch(/capabilities.*token_endpoint.*code_challenge_methods_supported.*grant_types_supported/);
  });

  it('warns about missing recommended fields and about "plain"', () => {
    const { problems, warnings } = validateSmartConfiguration({
      ...goodDoc(),
      code_challenge_methods_supported: ['S256', 'plain'],
      scopes_supported: undefined,
    });
    expect(problems).toEqual([]);
    expect(warnings.join(' ')).toMatch(/"plain".*SHALL NOT/);
    expect(warnings.join(' ')).toMatch(/scopes_supported/);
  });

  it('explains a 404 as a wrong FHIR base', async () => {
    const e = await failure(
      discoverSmartConfiguration(
        fakeFetch(() => new Response('Not Found', { status: 404, statusText: 'Not Found' })),
        'https://fhir.example.org',
      ),
    );
    expect(e.error.code).toBe('http_error');
    expect(e.error.message).toContain('HTTP 404');
    expect(e.error.hint).toMatch(/is "https:\/\/fhir.example.org" the FHIR base/);
  });

  it('reports a network error when nothing answers', async () => {
    const e = await failure(discoverSmartConfiguration(failingFetch, ISS, { probeFetch: failingFetch }));
    expect(e.error.code).toBe('network');
  });

  it('reports CORS when the server answers a no-cors probe', async () => {
    const e = await failure(discoverSmartConfiguration(failingFetch, ISS, { probeFetch: answeringProbe }));
    expect(e.error.code).toBe('cors');
    expect(e.error.hint).toMatch(/Access-Control-Allow-Origin/);
  });
});

describe('fetchJson', () => {
  it('says an HTML page is not JSON, with the start of the page', async () => {
    const e = await failure(
      fetchJson(
        fakeFetch(() => new Response('<html>Login</html>', { headers: { 'content-type': 'text/html' } })),
        'https://x.example/Patient/1',
        undefined,
        'The Patient resource',
      ),
    );
    expect(e.error).toMatchObject({ code: 'not_json', message: 'The Patient resource is HTML, not JSON — is the URL right?' });
    expect(e.error.cause).toContain('"<html>Login</html>"');
  });

  it('says an empty 200 body is not JSON', async () => {
    const e = await failure(
      fetchJson(
        fakeFetch(() => new Response('')),
        'https://x.example/doc',
        undefined,
        'The document',
      ),
    );
    expect(e.error).toMatchObject({ code: 'not_json', cause: expect.stringMatching(/empty body/) });
  });

  it('refuses JSON that is not an object', async () => {
    const e = await failure(
      fetchJson(
        fakeFetch(() => json([1, 2])),
        'https://x.example/doc',
        undefined,
        'The document',
      ),
    );
    expect(e.error.code).toBe('not_json_object');
    expect(e.error.cause).toMatch(/an array/);
  });

  it('parses the OAuth error of a JSON error answer', async () => {
    const e = await failure(
      fetchJson(
        fakeFetch(() => json({ error: 'invalid_client', error_description: 'unknown client' }, 401)),
        'https://x.example/token',
        { method: 'POST' },
        'The token endpoint',
      ),
    );
    expect(e.error.code).toBe('invalid_client');
    expect(e.error.cause).toContain('unknown client');
  });

  it('returns the parsed object and a readable response', async () => {
    const { body, response } = await fetchJson(
      fakeFetch(() => json({ a: 1 })),
      'https://x.example/doc',
      undefined,
      'The document',
    );
    expect(body).toEqual({ a: 1 });
    await expect(response.json()).resolves.toEqual({ a: 1 });
  });
});

describe('discoverOpenIdConfiguration and fetchJwks', () => {
  it('returns issuer and jwks_uri when the issuer matches exactly', async () => {
    const f = fakeFetch(() => json({ issuer: ISS, jwks_uri: `${ISS}/auth/jwks` }));
    const config = await discoverOpenIdConfiguration(f, ISS);
    expect(f.calls[0].url).toBe(`${ISS}/.well-known/openid-configuration`);
    expect(config).toMatchObject({ issuer: ISS, jwks_uri: `${ISS}/auth/jwks` });
  });

  it('refuses a document for another issuer', async () => {
    const e = await failure(
      discoverOpenIdConfiguration(
        fakeFetch(() => json({ issuer: `${ISS}/`, jwks_uri: `${ISS}/jwks` })),
        ISS,
      ),
    );
    expect(e.error.code).toBe('issuer_mismatch');
  });

  it('refuses a document without jwks_uri', async () => {
    const e = await failure(
      discoverOpenIdConfiguration(
        fakeFetch(() => json({ issuer: ISS })),
        ISS,
      ),
    );
    expect(e.error.code).toBe('missing_jwks_uri');
  });

  it('refuses a JWKS without keys', async () => {
    const e = await failure(
      fetchJwks(
        fakeFetch(() => json({ key: [] })),
        `${ISS}/jwks`,
      ),
    );
    expect(e.error.code).toBe('invalid_jwks');
    await expect(
      fetchJwks(
        fakeFetch(() => json({ keys: [{ kty: 'EC' }] })),
        `${ISS}/jwks`,
      ),
    ).resolves.toEqual({ keys: [{ kty: 'EC' }] });
  });
});
