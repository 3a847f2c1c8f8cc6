import type { Exchange, HeaderList, StepRecord } from '../journal/types';
import { headerValue } from './format';

/**
 * What a step's arrow in the sequence diagram says it carries.
 * recorded: read from the step's exchanges (the request, and the answer when one came);
 * planned: the step's own `carries` line, before it has run (or when it ran without a call).
 */
export type ArrowLabel =
  { source: 'recorded'; request: string; response?: string; /** further exchanges of the same step */ more: number } | { source: 'planned'; request: string };

/** Paths longer than this keep their last two segments: the end of a path is the part that says what it is. */
const MAX_PATH = 34;

export function arrowLabel(step: { carries?: string }, record: StepRecord | undefined): ArrowLabel | undefined {
  const exchanges = record && record.status.kind !== 'pending' ? record.exchanges : [];
  const [first, ...rest] = exchanges;
  if (first) return { source: 'recorded', ...labelOf(first), more: rest.length };
  return step.carries ? { source: 'planned', request: step.carries } : undefined;
}

/** The label as one line of text (for a tooltip and for screen readers). */
export function arrowLabelText(label: ArrowLabel): string {
  if (label.source === 'planned') return label.request;
  const more = label.more > 0 ? ` (+${label.more} more)` : '';
  return `${label.request}${label.response ? `, ${label.response}` : ''}${more}`;
}

// A recorded exchange never changes, and its label reads (parses) the answer's body: worked out once per exchange,
// not at every render of the diagram during a run.
const labels = new WeakMap<Exchange, { request: string; response?: string }>();
function labelOf(exchange: Exchange): { request: string; response?: string } {
  let label = labels.get(exchange);
  if (!label) labels.set(exchange, (label = exchangeLabel(exchange)));
  return label;
}

function exchangeLabel(exchange: Exchange): { request: string; response?: string } {
  if (exchange.kind === 'redirect') {
    // The browser is sent on: a 302 with a Location (or the same done by script), as the spec draws it.
    return { request: `302 → ${shortPath(exchange.url)}` };
  }
  const { request, response, networkError } = exchange;
  const requestText = `${request.method} ${shortPath(request.url)}`;
  if (!response) return { request: requestText, response: networkError === undefined ? undefined : 'no answer' };
  return { request: requestText, response: responseLabel(response.status, response.headers, response.body) };
}

/** `200 access_token`, `302 → /callback`, `400 invalid_grant`, `200 Bundle`: the status and the one thing that answers carries. */
function responseLabel(status: number, headers: HeaderList, body: string | undefined): string {
  const location = headerValue(headers, 'location');
  if (status >= 300 && status < 400 && location) return `${status} → ${shortPath(location)}`;
  const what = bodyGist(headers, body);
  return what ? `${status} ${what}` : String(status);
}

function bodyGist(headers: HeaderList, body: string | undefined): string | undefined {
  if (!body) return undefined;
  const type = (headerValue(headers, 'content-type') ?? '').toLowerCase();
  if (type.includes('json')) {
    const json = parseObject(body);
    if (!json) return 'JSON';
    if (typeof json.access_token === 'string') return 'access_token';
    if (typeof json.error === 'string') return json.error;
    if (typeof json.resourceType === 'string') return json.resourceType;
    if (typeof json.active === 'boolean') return `active: ${json.active}`;
    if (typeof json.token_endpoint === 'string' || typeof json.authorization_endpoint === 'string') return 'endpoints';
    if (Array.isArray(json.keys)) return 'keys';
    return 'JSON';
  }
  if (type.includes('xml')) return 'XML';
  if (type.includes('html')) return 'HTML';
  return undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The path of a URL (no origin, the query as `?…`), shortened from the left when long. */
function shortPath(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://relative.invalid');
  } catch {
    return url.length > MAX_PATH ? `${url.slice(0, MAX_PATH - 1)}…` : url;
  }
  let path = parsed.pathname;
  if (path.length > MAX_PATH) {
    const segments = path.split('/').filter(Boolean);
    path = `…/${segments.slice(-2).join('/')}`;
  }
  return parsed.search ? `${path}?…` : path;
}
