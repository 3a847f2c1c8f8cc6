import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exchangeToCurl as toCurl, journalToCurl, shellQuote, type HttpExchange } from '../../../src/journal/curl';

function exchange(request: HttpExchange['request']): HttpExchange {
  return { kind: 'http', id: 'x1', startedAt: '2025-01-01T00:00:00.000Z', durationMs: 12, request };
}

/** Let a real shell parse the command's arguments, as a learner's terminal would. */
function shellWords(command: string): string[] {
  const script = `set -- ${command.replace(/^curl /, '')}; for a in "$@"; do printf '%s\\0' "$a"; done`;
  return execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('leaves plain words bare and quotes anything a shell would read differently', () => {
    expect(shellQuote('https://example.org/fhir/metadata')).toBe('https://example.org/fhir/metadata');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('x&y')).toBe("'x&y'");
    expect(shellQuote('')).toBe("''");
  });

  it('survives the shell unchanged, even with quotes, dollars, backticks and newlines', () => {
    const nasty = `it's $HOME and \`id\` "quoted" \\ back\nnext line !`;
    expect(shellWords(shellQuote(nasty))).toEqual([nasty]);
  });
});

describe('toCurl', () => {
  it('sends a token request with the same method, headers and body the app sent', () => {
    const body = "grant_type=authorization_code&code=abc&redirect_uri=http%3A%2F%2Flocalhost%2Fcallback&code_verifier=it's";
    const command = toCurl(
      exchange({
        method: 'POST',
        url: 'http://127.0.0.1:4010/mock/smart/fhir/auth/token',
        headers: [
          ['Content-Type', 'application/x-www-form-urlencoded'],
          ['Authorization', 'Basic YXBwOnNlY3JldA=='],
          ['Content-Length', '99'],
        ],
        body,
      }),
    );
    expect(command.startsWith('curl ')).toBe(true);
    expect(shellWords(command)).toEqual([
      'http://127.0.0.1:4010/mock/smart/fhir/auth/token',
      '-H',
      'Content-Type: application/x-www-form-urlencoded',
      '-H',
      'Authorization: Basic YXBwOnNlY3JldA==',
      '--data-raw',
      body,
    ]);
  });

  it('names the method only when curl would pick another one', () => {
    const get = toCurl(exchange({ method: 'GET', url: 'https://x.test/a?b=1&c=2', headers: [] }));
    expect(shellWords(get)).toEqual(['https://x.test/a?b=1&c=2']);
    const del = toCurl(exchange({ method: 'DELETE', url: 'https://x.test/r/1', headers: [] }));
    expect(shellWords(del)).toEqual(['-X', 'DELETE', 'https://x.test/r/1']);
    const put = toCurl(exchange({ method: 'PUT', url: 'https://x.test/r/1', headers: [], body: '{}' }));
    expect(shellWords(put)).toEqual(['-X', 'PUT', 'https://x.test/r/1', '--data-raw', '{}']);
  });

  it('keeps a body with a single quote literal', () => {
    const body = `{"name":"O'Brien"}`;
    const command = toCurl(exchange({ method: 'POST', url: 'https://x.test/r', headers: [['Content-Type', 'application/json']], body }));
    expect(shellWords(command)).toEqual(['https://x.test/r', '-H', 'Content-Type: application/json', '--data-raw', body]);
  });

  it('keeps a header with a dollar sign literal: the shell expands nothing', () => {
    const command = toCurl(exchange({ method: 'GET', url: 'https://x.test/r', headers: [['X-Note', 'costs $HOME and $(id)']] }));
    expect(shellWords(command)).toEqual(['https://x.test/r', '-H', 'X-Note: costs $HOME and $(id)']);
  });

  it('names GET when a GET carries a body, or curl would send it as a POST', () => {
    const command = toCurl(exchange({ method: 'GET', url: 'https://x.test/search', headers: [], body: 'a=1' }));
    expect(shellWords(command)).toEqual(['-X', 'GET', 'https://x.test/search', '--data-raw', 'a=1']);
  });

  it('sends a form POST as the app did: its Content-Type and the encoded form, without a stale Content-Length or Host', () => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/Patient.rs system/Observation.rs' }).toString();
    const command = toCurl(
      exchange({
        method: 'post',
        url: 'https://x.test/token',
        headers: [
          ['content-type', 'application/x-www-form-urlencoded'],
          ['host', 'x.test'],
          ['content-length', String(form.length)],
        ],
        body: form,
      }),
    );
    expect(shellWords(command)).toEqual(['https://x.test/token', '-H', 'content-type: application/x-www-form-urlencoded', '--data-raw', form]);
  });
});

describe('journalToCurl', () => {
  it('uses the same command as "Copy as curl" for each exchange', () => {
    const e = exchange({ method: 'DELETE', url: 'https://x.test/r/1', headers: [['Authorization', 'Bearer t']] });
    const text = journalToCurl({
      runId: 'r',
      flowId: 'f',
      startedAt: 't',
      state: {},
      steps: [{ id: 's', status: { kind: 'pending' }, exchanges: [e], artifacts: [] }],
    });
    expect(text).toBe(`# s: DELETE https://x.test/r/1 → no response\n${toCurl(e)}\n`);
  });
});
