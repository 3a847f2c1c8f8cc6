import { describe, expect, it } from 'vitest';
import type { Exchange, HeaderList, StepRecord } from '../../../src/journal/types';
import { arrowLabel, arrowLabelText } from '../../../src/ui/arrow-label';

const done = (exchanges: Exchange[]): StepRecord => ({ id: 's', status: { kind: 'done', finishedAt: '2026-01-01T00:00:00Z' }, exchanges, artifacts: [] });
const pending: StepRecord = { id: 's', status: { kind: 'pending' }, exchanges: [], artifacts: [] };

function http(method: string, url: string, response?: { status: number; headers?: HeaderList; body?: string }): Exchange {
  return {
    kind: 'http',
    id: `${method}-${url}`,
    startedAt: '2026-01-01T00:00:00Z',
    durationMs: 5,
    request: { method, url, headers: [] },
    response: response && { status: response.status, statusText: '', headers: response.headers ?? [], body: response.body },
  };
}
const json: HeaderList = [['Content-Type', 'application/json; charset=utf-8']];

describe('arrowLabel', () => {
  it('a pending step shows what it says it carries; a step without carries has no label', () => {
    expect(arrowLabel({ carries: 'POST /token' }, pending)).toEqual({ source: 'planned', request: 'POST /token' });
    expect(arrowLabel({}, pending)).toBeUndefined();
    expect(arrowLabel({ carries: 'POST /token' }, undefined)).toEqual({ source: 'planned', request: 'POST /token' });
  });

  it('discovery: the request path and what came back', () => {
    const label = arrowLabel(
      { carries: 'GET smart-configuration' },
      done([http('GET', 'https://fhir.test/.well-known/smart-configuration', { status: 200, headers: json, body: '{"token_endpoint":"x"}' })]),
    );
    expect(label).toEqual({ source: 'recorded', request: 'GET /.well-known/smart-configuration', response: '200 endpoints', more: 0 });
  });

  it('a token response says access_token; an error response says its OAuth error', () => {
    const ok = arrowLabel(
      {},
      done([http('POST', 'https://as.test/token', { status: 200, headers: json, body: '{"access_token":"a","token_type":"Bearer"}' })]),
    );
    expect(ok).toMatchObject({ request: 'POST /token', response: '200 access_token' });
    const refused = arrowLabel({}, done([http('POST', 'https://as.test/token', { status: 400, headers: json, body: '{"error":"invalid_grant"}' })]));
    expect(refused).toMatchObject({ request: 'POST /token', response: '400 invalid_grant' });
  });

  it('a 302 says where it sends the browser', () => {
    const label = arrowLabel(
      {},
      done([http('GET', 'https://as.test/authorize?x=1', { status: 302, headers: [['Location', 'https://app.test/callback?code=c']] })]),
    );
    expect(label).toMatchObject({ request: 'GET /authorize?…', response: '302 → /callback?…' });
  });

  it('a front-channel redirect reads as a 302 to its path', () => {
    const redirect: Exchange = {
      kind: 'redirect',
      id: 'r',
      at: '2026-01-01T00:00:00Z',
      direction: 'outgoing',
      url: 'https://as.test/authorize?client_id=a',
      params: [],
    };
    expect(arrowLabel({ carries: 'redirect to the server' }, done([redirect]))).toEqual({ source: 'recorded', request: '302 → /authorize?…', more: 0 });
  });

  it('FHIR answers name their resource type; further exchanges are counted', () => {
    const label = arrowLabel(
      {},
      done([
        http('GET', 'https://fhir.test/r4/Observation?patient=p', {
          status: 200,
          headers: [['content-type', 'application/fhir+json']],
          body: '{"resourceType":"Bundle"}',
        }),
        http('GET', 'https://fhir.test/r4/Observation?page=2', { status: 200 }),
      ]),
    );
    expect(label).toEqual({ source: 'recorded', request: 'GET /r4/Observation?…', response: '200 Bundle', more: 1 });
    expect(arrowLabelText(label!)).toBe('GET /r4/Observation?…, 200 Bundle (+1 more)');
  });

  it('a request that got no answer says so', () => {
    const failed: StepRecord = {
      id: 's',
      status: { kind: 'failed', finishedAt: '2026-01-01T00:00:00Z', error: { code: 'network', message: 'm', hint: 'h' } },
      exchanges: [{ ...(http('POST', 'https://as.test/token') as Extract<Exchange, { kind: 'http' }>), networkError: 'Failed to fetch' }],
      artifacts: [],
    };
    expect(arrowLabel({}, failed)).toMatchObject({ request: 'POST /token', response: 'no answer' });
  });

  it('long paths keep their last two segments, so the label stays one short line', () => {
    const label = arrowLabel({}, done([http('POST', 'https://za.test/mock/zorgaanbieder/s/abc123/oauth/token', { status: 200 })]));
    expect(label).toMatchObject({ request: 'POST …/oauth/token', response: '200' });
  });

  it('a running step without exchanges yet still shows its plan', () => {
    const running: StepRecord = { id: 's', status: { kind: 'running', startedAt: '2026-01-01T00:00:00Z' }, exchanges: [], artifacts: [] };
    expect(arrowLabel({ carries: 'POST /token' }, running)).toEqual({ source: 'planned', request: 'POST /token' });
  });
});
