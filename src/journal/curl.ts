import type { Exchange, Journal } from './types';

/**
 * Recorded HTTP exchanges as curl commands a learner can paste into a POSIX
 * shell to send the same requests again: "Copy as curl" on one exchange, and
 * the curl export of a whole run.
 */

export type HttpExchange = Extract<Exchange, { kind: 'http' }>;

/** Headers curl computes itself from what it sends; copying them could contradict it. */
const HEADERS_CURL_SETS = new Set(['content-length', 'host', 'connection']);

/**
 * Quote one argument for a POSIX shell. Plain words stay bare for reading;
 * everything else goes in single quotes, where everything is literal and
 * only `'` itself needs care (closed, escaped, reopened: '\'').
 */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_\-.,:/@%+=]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** One exchange's request as a curl command, one option a line. */
export function exchangeToCurl(exchange: HttpExchange): string {
  const { method, url, headers, body } = exchange.request;
  const upper = method.toUpperCase();
  const hasBody = body !== undefined && body !== '';
  const args: string[] = [];
  // curl picks GET, or POST once it has data; name the method only when it differs from that.
  if (upper === 'HEAD') args.push('--head');
  else if (hasBody ? upper !== 'POST' : upper !== 'GET') args.push('-X', shellQuote(upper));
  args.push(shellQuote(url));
  const lines = [`curl ${args.join(' ')}`];
  for (const [name, value] of headers) {
    if (HEADERS_CURL_SETS.has(name.toLowerCase())) continue;
    lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (hasBody) lines.push(`--data-raw ${shellQuote(body)}`);
  return lines.join(' \\\n  ');
}

/** One curl command per recorded HTTP exchange, in order, each after a comment naming its step. */
export function journalToCurl(journal: Journal): string {
  const commands: string[] = [];
  for (const step of journal.steps) {
    for (const e of step.exchanges) {
      if (e.kind !== 'http') continue;
      commands.push(`# ${step.id}: ${e.request.method} ${e.request.url}${e.response ? ` → ${e.response.status}` : ' → no response'}\n${exchangeToCurl(e)}`);
    }
  }
  return commands.length ? `${commands.join('\n\n')}\n` : '# This run has made no HTTP requests yet.\n';
}
