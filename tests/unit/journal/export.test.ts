import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../../src/flows/flow';
import { exchangeToCurl, journalToCurl, journalToHar, journalToMarkdown, shellQuote } from '../../../src/journal/export';
import type { Exchange, Journal } from '../../../src/journal/types';

const flow: FlowDefinition = {
  id: 'standalone-launch',
  title: 'SMART standalone launch',
  summary: 'The app starts on its own and asks for a patient.',
  steps: [
    {
      id: 'discover',
      title: 'Discover the SMART configuration',
      why: 'The app learns the endpoints.',
      spec: [{ label: 'SMART conformance', url: 'https://hl7.org/fhir/smart-app-launch/conformance.html' }],
      actors: ['app', 'fhir-server'],
      channel: 'back-channel',
      run: async () => ({ kind: 'done' }),
    },
    {
      id: 'authorize',
      title: 'Send the browser to the authorization server',
      why: 'The user logs in and consents.',
      spec: [],
      actors: ['browser', 'auth-server'],
      channel: 'front-channel',
      run: async () => ({ kind: 'done' }),
    },
    {
      id: 'token',
      title: 'Exchange the code for tokens',
      why: 'Back-channel.',
      spec: [],
      actors: ['app', 'auth-server'],
      channel: 'back-channel',
      run: async () => ({ kind: 'done' }),
    },
  ],
};

const discovery: Exchange = {
  kind: 'http',
  id: 'e1',
  startedAt: '2025-01-15T12:00:00.000Z',
  durationMs: 12.5,
  request: { method: 'GET', url: 'https://fhir.example.org/r4/.well-known/smart-configuration?x=1', headers: [['accept', 'application/json']] },
  response: {
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'application/json']],
    body: '{"token_endpoint":"https://fhir.example.org/r4/auth/token"}',
  },
};
const redirect: Exchange = {
  kind: 'redirect',
  id: 'e2',
  at: '2025-01-15T12:00:01.000Z',
  direction: 'outgoing',
  url: 'https://fhir.example.org/r4/auth/authorize?response_type=code&state=abc',
  params: [
    ['response_type', 'code'],
    ['state', 'abc'],
  ],
  note: 'to log in',
};
const tokenBody = "grant_type=authorization_code&code=it's-a-code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb";
const token: Exchange = {
  kind: 'http',
  id: 'e3',
  startedAt: '2025-01-15T12:00:05.000Z',
  durationMs: 30,
  request: {
    method: 'POST',
    url: 'https://fhir.example.org/r4/auth/token',
    headers: [
      ['content-type', 'application/x-www-form-urlencoded;charset=UTF-8'],
      ['authorization', "Basic it's"],
      ['content-length', '80'],
    ],
    body: tokenBody,
  },
  response: {
    status: 400,
    statusText: 'Bad Request',
    headers: [['content-type', 'application/json']],
    body: '{"error":"invalid_grant","error_description":"code was already used"}',
  },
};
const refused: Exchange = {
  kind: 'http',
  id: 'e4',
  startedAt: '2025-01-15T12:00:06.000Z',
  durationMs: 3,
  request: { method: 'GET', url: 'https://down.example/', headers: [] },
  networkError: 'TypeError: Failed to fetch',
};

const journal: Journal = {
  runId: 'run-1',
  flowId: 'standalone-launch',
  startedAt: '2025-01-15T11:59:59.000Z',
  state: {},
  steps: [
    {
      id: 'discover',
      status: { kind: 'done', finishedAt: '2025-01-15T12:00:00.100Z' },
      exchanges: [discovery],
      artifacts: [{ kind: 'json', label: 'smart-configuration', value: { a: 1 } }],
    },
    {
      id: 'authorize',
      status: { kind: 'done', finishedAt: '2025-01-15T12:00:01.000Z' },
      exchanges: [redirect],
      artifacts: [
        {
          kind: 'pkce',
          verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
          challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          recomputed: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          method: 'S256',
        },
        { kind: 'compare', label: 'state', sentLabel: 'sent', sent: 'abc', returnedLabel: 'returned', returned: 'abd', equal: false },
        { kind: 'value', label: 'note with ```backticks```', value: '```' },
      ],
    },
    {
      id: 'token',
      status: {
        kind: 'failed',
        finishedAt: '2025-01-15T12:00:05.100Z',
        error: {
          code: 'invalid_grant',
          message: 'The token endpoint refused the code.',
          cause: 'code was already used',
          hint: 'Start the flow again.',
          spec: { label: 'RFC 6749 §5.2', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-5.2' },
        },
      },
      exchanges: [token, refused],
      artifacts: [],
    },
  ],
};

describe('journalToMarkdown', () => {
  const md = journalToMarkdown(journal, flow);

  it('has the flow title and every step title with its status', () => {
    expect(md).toMatch(/^# SMART standalone launch\n/);
    expect(md).toContain('## 1. Discover the SMART configuration');
    expect(md).toContain('## 2. Send the browser to the authorization server');
    expect(md).toContain('## 3. Exchange the code for tokens');
    expect(md).toContain('Status: **failed (2025-01-15T12:00:05.100Z)**');
  });

  it('shows the error with its cause, hint and spec', () => {
    expect(md).toContain('**Error `invalid_grant`:** The token endpoint refused the code.');
    expect(md).toContain('- Why: code was already used');
    expect(md).toContain('- What to do: Start the flow again.');
    expect(md).toContain('[RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749#section-5.2)');
  });

  it('shows each request and response as sent, and the redirect parameters', () => {
    expect(md).toContain(
      `POST https://fhir.example.org/r4/auth/token\ncontent-type: application/x-www-form-urlencoded;charset=UTF-8\nauthorization: Basic it's`,
    );
    expect(md).toContain(tokenBody);
    expect(md).toContain('HTTP 400 Bad Request');
    expect(md).toContain('"error": "invalid_grant"');
    expect(md).toContain('| state | abc |');
    expect(md).toContain('No response: TypeError: Failed to fetch');
  });

  it('shows artifacts and keeps backticks inside a longer fence', () => {
    expect(md).toContain('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM` (matches)');
    expect(md).toContain('**state:** **NOT equal**');
    expect(md).toContain('```json\n{\n  "a": 1\n}\n```');
  });
});

describe('journalToHar', () => {
  const har = JSON.parse(JSON.stringify(journalToHar(journal))) as ReturnType<typeof journalToHar>;

  it('is HAR 1.2 with a creator and one entry per exchange, in time order', () => {
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'Health OAuth Playground', version: expect.any(String) });
    expect(har.log.entries.map((e) => e._exchangeId)).toEqual(['e1', 'e2', 'e3', 'e4']);
  });

  it('gives every entry the fields HAR 1.2 requires', () => {
    for (const e of har.log.entries) {
      expect(new Date(e.startedDateTime).toISOString()).toBe(e.startedDateTime);
      expect(typeof e.time).toBe('number');
      expect(e.request).toMatchObject({ method: expect.any(String), url: expect.any(String), httpVersion: expect.any(String), cookies: [], headersSize: -1 });
      expect(Array.isArray(e.request.headers) && Array.isArray(e.request.queryString)).toBe(true);
      expect(typeof e.request.bodySize).toBe('number');
      expect(e.response).toMatchObject({
        status: expect.any(Number),
        statusText: expect.any(String),
        httpVersion: expect.any(String),
        cookies: [],
        headersSize: -1,
        redirectURL: expect.any(String),
      });
      expect(e.response.content).toMatchObject({ size: expect.any(Number), mimeType: expect.any(String) });
      expect(e.cache).toEqual({});
      for (const t of [e.timings.send, e.timings.wait, e.timings.receive]) expect(t).toBeGreaterThanOrEqual(0);
      for (const h of [...e.request.headers, ...e.response.headers]) expect(h).toEqual({ name: expect.any(String), value: expect.any(String) });
    }
  });

  it('keeps the request body, the form params and the response body', () => {
    const t = har.log.entries.find((e) => e._exchangeId === 'e3')!;
    expect(t.request.postData).toMatchObject({ mimeType: 'application/x-www-form-urlencoded;charset=UTF-8', text: tokenBody });
    expect(t.request.postData!.params).toContainEqual({ name: 'code', value: "it's-a-code" });
    expect(t.response.content.text).toContain('invalid_grant');
    expect(t.response.status).toBe(400);
    const d = har.log.entries.find((e) => e._exchangeId === 'e1')!;
    expect(d.request.queryString).toEqual([{ name: 'x', value: '1' }]);
  });

  it('marks a redirect and a network failure with comments', () => {
    const r = har.log.entries.find((e) => e._exchangeId === 'e2')!;
    expect(r.request).toMatchObject({ method: 'GET', url: redirect.url });
    expect(r.comment).toMatch(/Front-channel redirect/);
    expect(r.comment).toContain('to log in');
    const n = har.log.entries.find((e) => e._exchangeId === 'e4')!;
    expect(n.response.status).toBe(0);
    expect(n._error).toBe('TypeError: Failed to fetch');
  });
});

/** Runs a curl command in bash with curl replaced by a function that prints its arguments. */
function curlArgs(command: string): string[] {
  const out = execFileSync('bash', ['-c', `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${command}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('journalToCurl', () => {
  it('writes one curl command per HTTP exchange, none for redirects', () => {
    const text = journalToCurl(journal);
    expect(text.match(/^curl /gm)).toHaveLength(3);
    expect(text).not.toContain('/authorize');
    expect(text).toContain('# token: POST https://fhir.example.org/r4/auth/token → 400');
    expect(text).toContain('→ no response');
  });

  it('quotes a body and headers with single quotes so the shell passes them unchanged', () => {
    const args = curlArgs(exchangeToCurl(token));
    // A POST with a body: curl sends POST by itself, so the command does not name it.
    expect(args).toEqual([
      'https://fhir.example.org/r4/auth/token',
      '-H',
      'content-type: application/x-www-form-urlencoded;charset=UTF-8',
      '-H',
      "authorization: Basic it's",
      '--data-raw',
      tokenBody,
    ]);
  });

  it('the whole export is a valid shell script', () => {
    expect(() => curlArgs(journalToCurl(journal))).not.toThrow();
  });

  it('quotes shell metacharacters literally', () => {
    const nasty = `$(rm -rf /) \`id\` "x" 'y' \\ ; & | \n end`;
    expect(curlArgs(`curl ${shellQuote(nasty)}`)).toEqual([nasty]);
  });

  it('says so when there is nothing to replay', () => {
    expect(journalToCurl({ ...journal, steps: [] })).toMatch(/^# This run has made no HTTP requests yet/);
  });
});
