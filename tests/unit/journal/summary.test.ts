import { describe, expect, it } from 'vitest';
import { summarizeRun } from '../../../src/journal/summary';
import type { Artifact, Exchange, Journal, StepRecord } from '../../../src/journal/types';

let next = 0;
function http(url: string, status: number, body: unknown): Exchange {
  return {
    kind: 'http',
    id: `x${next++}`,
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 5,
    request: { method: 'GET', url, headers: [] },
    response: { status, statusText: '', headers: [['content-type', 'application/json']], body: JSON.stringify(body) },
  };
}

const done = { kind: 'done', finishedAt: '2025-01-01T00:00:01.000Z' } as const;
function step(id: string, exchanges: Exchange[] = [], artifacts: Artifact[] = []): StepRecord {
  return { id, status: done, exchanges, artifacts };
}
const journal = (steps: StepRecord[]): Journal => ({ runId: 'r', flowId: 'standalone-launch', startedAt: '2025-01-01T00:00:00.000Z', state: {}, steps });

const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwLWFubmEifQ.sig';
const tokenAnswer = {
  access_token: 'at-1',
  token_type: 'Bearer',
  expires_in: 3600,
  scope: 'launch/patient openid fhirUser patient/Patient.rs',
  refresh_token: 'rt-1',
  id_token: ID_TOKEN,
  patient: 'p-anna',
  encounter: 'e-1',
};
const idTokenArtifact: Artifact = {
  kind: 'jwt',
  label: 'id_token',
  compact: ID_TOKEN,
  header: { alg: 'RS256' },
  payload: { iat: 1_700_000_000, exp: 1_700_000_300, fhirUser: 'Patient/p-anna' },
  signature: { kind: 'valid', detail: "The RS256 signature verifies with the issuer's key." },
  checks: [
    { name: 'nonce', ok: true, detail: 'equals the nonce sent' },
    { name: 'aud', ok: true, detail: 'is this client' },
  ],
};

/** A standalone launch as the flow records it: discovery, PKCE, the callback's state and iss, the token, the id_token, FHIR reads. */
const smartRun = journal([
  step(
    'discover',
    [http('https://as.test/.well-known/smart-configuration', 200, { issuer: 'https://as.test' })],
    [
      {
        kind: 'checks',
        label: 'What the app needs from the document',
        checks: [
          { name: 'authorization_endpoint', ok: true, detail: 'present' },
          { name: 'code_challenge_methods_supported', ok: true, detail: 'has S256' },
        ],
      },
    ],
  ),
  step('authorize-request', [], [{ kind: 'pkce', verifier: 'v', challenge: 'c', recomputed: 'c', method: 'S256' }]),
  step(
    'callback',
    [],
    [
      { kind: 'compare', label: 'state', sentLabel: 'state sent', sent: 's1', returnedLabel: 'state returned', returned: 's1', equal: true },
      {
        kind: 'compare',
        label: 'iss (RFC 9207)',
        sentLabel: 'expected issuer',
        sent: 'https://as.test',
        returnedLabel: 'returned iss',
        returned: 'https://as.test',
        equal: true,
      },
    ],
  ),
  step(
    'token',
    [http('https://as.test/token', 200, tokenAnswer)],
    [
      // An access token the app treats as opaque proves nothing about its signature.
      { kind: 'jwt', label: 'access_token', compact: 'a.b.c', header: {}, payload: {}, signature: { kind: 'unverified', detail: 'meant for the FHIR server' } },
      { kind: 'scopes', requested: ['launch/patient', 'openid'], granted: ['launch/patient', 'openid'] },
    ],
  ),
  step('id-token', [http('https://as.test/jwks', 200, { keys: [] })], [idTokenArtifact]),
  step('read-patient', [
    http('https://fhir.test/Patient/p-anna', 200, { resourceType: 'Patient', id: 'p-anna', name: [{ given: ['Anna'], family: 'de Vries' }] }),
  ]),
  step('search', [
    http('https://fhir.test/Observation?patient=p-anna', 200, {
      resourceType: 'Bundle',
      entry: [
        { resource: { resourceType: 'Observation' } },
        { resource: { resourceType: 'Observation' } },
        { resource: { resourceType: 'Observation' } },
        { resource: { resourceType: 'OperationOutcome' } },
      ],
    }),
  ]),
]);

describe('summarizeRun', () => {
  it('lists the tokens of the token answer with their lifetimes and the granted scopes', () => {
    const { tokens } = summarizeRun(smartRun);
    expect(tokens).toEqual([
      { name: 'access_token', lifetimeSeconds: 3600, scopes: ['launch/patient', 'openid', 'fhirUser', 'patient/Patient.rs'], refreshed: false },
      { name: 'refresh_token', refreshed: false },
      // exp - iat of the id_token the flow decoded.
      { name: 'id_token', lifetimeSeconds: 300, refreshed: false },
    ]);
  });

  it('reads the launch context from the token answer and fhirUser from the verified id_token', () => {
    expect(summarizeRun(smartRun).context).toEqual([
      { name: 'patient', value: 'p-anna' },
      { name: 'encounter', value: 'e-1' },
      { name: 'fhirUser', value: 'Patient/p-anna' },
    ]);
  });

  it('says what was read: the Patient by name, and how many resources of each type a search returned', () => {
    expect(summarizeRun(smartRun).data).toEqual([
      { kind: 'patient', name: 'Anna de Vries', id: 'p-anna' },
      { kind: 'bundle', counts: [{ resourceType: 'Observation', count: 3 }] },
    ]);
  });

  it('lists what each check proved, in the order of the run, and leaves out the unverified access token', () => {
    const proofs = summarizeRun(smartRun).proofs;
    expect(proofs.map((p) => p.kind)).toEqual(['checks', 'pkce', 'compare', 'compare', 'signature', 'claim', 'claim']);
    expect(proofs).toContainEqual({ kind: 'pkce', method: 'S256', ok: true });
    expect(proofs).toContainEqual({ kind: 'compare', label: 'state', sentLabel: 'state sent', returnedLabel: 'state returned', equal: true });
    expect(proofs).toContainEqual({ kind: 'compare', label: 'iss (RFC 9207)', sentLabel: 'expected issuer', returnedLabel: 'returned iss', equal: true });
    expect(proofs).toContainEqual({ kind: 'signature', token: 'id_token', status: 'valid', detail: "The RS256 signature verifies with the issuer's key." });
    expect(proofs).toContainEqual({ kind: 'claim', token: 'id_token', check: { name: 'nonce', ok: true, detail: 'equals the nonce sent' } });
    expect(proofs).toContainEqual({ kind: 'checks', label: 'What the app needs from the document', passed: 2, total: 2, failed: [] });
  });

  it('does not call a PKCE pair proved when the verifier does not hash to the challenge, and names failed checks', () => {
    const run = journal([
      step(
        'a',
        [],
        [
          { kind: 'pkce', verifier: 'v', challenge: 'c', recomputed: 'other', method: 'S256' },
          {
            kind: 'checks',
            label: 'Lists',
            checks: [
              { name: 'OCL', ok: true, detail: '' },
              { name: 'ZAL signature', ok: false, detail: 'bad' },
            ],
          },
        ],
      ),
    ]);
    expect(summarizeRun(run).proofs).toEqual([
      { kind: 'pkce', method: 'S256', ok: false },
      { kind: 'checks', label: 'Lists', passed: 1, total: 2, failed: ['ZAL signature'] },
    ]);
  });

  it('shows the newest tokens after a refresh, and keeps the launch context the first answer gave', () => {
    const refreshAnswer = { access_token: 'at-2', token_type: 'Bearer', expires_in: 600, scope: 'patient/Patient.rs', refresh_token: 'rt-2' };
    const run = journal([...smartRun.steps, step('refresh', [http('https://as.test/token', 200, refreshAnswer)])]);
    const { tokens, context } = summarizeRun(run);
    expect(tokens[0]).toEqual({ name: 'access_token', lifetimeSeconds: 600, scopes: ['patient/Patient.rs'], refreshed: true });
    expect(tokens[1]).toEqual({ name: 'refresh_token', refreshed: true });
    expect(context).toContainEqual({ name: 'patient', value: 'p-anna' });
  });

  it('takes the granted scopes from the scopes artifact when the answer has no scope (RFC 6749 §5.1)', () => {
    const run = journal([
      step(
        'token',
        [http('https://as.test/token', 200, { access_token: 'x', token_type: 'Bearer' })],
        [{ kind: 'scopes', requested: ['system/*.rs'], granted: ['system/*.rs'] }],
      ),
    ]);
    expect(summarizeRun(run).tokens).toEqual([{ name: 'access_token', lifetimeSeconds: undefined, scopes: ['system/*.rs'], refreshed: false }]);
  });

  it('ignores error answers and bodies that are not JSON: an OAuth error is not a token, an HTML page is not data', () => {
    const html: Exchange = { ...(http('https://fhir.test/x', 200, {}) as Extract<Exchange, { kind: 'http' }>) };
    if (html.kind === 'http') html.response!.body = '<html>not json</html>';
    const run = journal([step('token', [http('https://as.test/token', 400, { error: 'invalid_grant', access_token: 'no', token_type: 'Bearer' }), html])]);
    expect(summarizeRun(run)).toEqual({ tokens: [], context: [], data: [], proofs: [] });
  });

  it('does not take fhirUser from an id_token whose signature failed', () => {
    const forged: Artifact = { ...idTokenArtifact, signature: { kind: 'invalid', detail: 'no key matches' } };
    const run = journal([step('id-token', [], [forged])]);
    expect(summarizeRun(run).context).toEqual([]);
    expect(summarizeRun(run).proofs[0]).toEqual({ kind: 'signature', token: 'id_token', status: 'invalid', detail: 'no key matches' });
  });
});
