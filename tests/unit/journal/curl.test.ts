import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote, toCurl, type HttpExchange } from '../../../src/ui/curl';

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
});
