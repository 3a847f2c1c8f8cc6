/**
 * "Copy as curl": one recorded HTTP exchange as a command a learner can paste
 * into a POSIX shell to send the same request again.
 */
import type { Exchange } from '../journal/types';

export type HttpExchange = Extract<Exchange, { kind: 'http' }>;

/** curl works these out itself from the body it sends; a stale copy would only cause a mismatch. */
const HEADERS_CURL_SETS = new Set(['content-length', 'host']);

/**
 * Quote one argument for a POSIX shell. Plain words stay bare for reading;
 * everything else goes in single quotes, where only `'` itself needs care.
 */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_\-.,:/@%+=]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(exchange: HttpExchange): string {
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
