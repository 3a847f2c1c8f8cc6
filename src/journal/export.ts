import type { Artifact, Exchange, HeaderList, Journal, SpecLink, StepRecord, StepStatus } from './types';

/**
 * A journal leaves the playground in three forms: Markdown to read or paste
 * into notes, HAR to open in browser dev tools, and curl to replay the HTTP
 * calls by hand. All three show exactly what was recorded.
 */

type HttpExchange = Extract<Exchange, { kind: 'http' }>;

/** What the Markdown needs of a flow's definition (a FlowDefinition is one): the journal knows nothing of flows. */
export interface FlowOutline {
  title: string;
  summary?: string;
  steps: readonly { id: string; number?: string; title: string; why?: string; spec: readonly SpecLink[] }[];
}

// ---------------------------------------------------------------- Markdown

export function journalToMarkdown(journal: Journal, flow: FlowOutline): string {
  const out: string[] = [];
  out.push(`# ${flow.title}`, '');
  if (flow.summary) out.push(flow.summary, '');
  out.push(`- Flow: \`${journal.flowId}\``, `- Run: \`${journal.runId}\``, `- Started: ${journal.startedAt}`, '');

  journal.steps.forEach((step, index) => {
    const def = flow.steps.find((s) => s.id === step.id);
    const number = def?.number ?? String(index + 1);
    out.push(`## ${number}. ${def?.title ?? step.id}`, '');
    out.push(`Status: **${statusText(step.status)}**`, '');
    if (def?.why) out.push(`> ${def.why.replace(/\n/g, '\n> ')}`, '');
    if (def?.spec.length) out.push(`Spec: ${def.spec.map((l) => `[${l.label}](${l.url})`).join(', ')}`, '');
    if (step.status.kind === 'failed') out.push(...errorMarkdown(step.status.error), '');
    step.exchanges.forEach((e, i) => out.push(...exchangeMarkdown(e, i + 1), ''));
    if (step.artifacts.length) {
      out.push('### Artifacts', '');
      for (const a of step.artifacts) out.push(...artifactMarkdown(a), '');
    }
  });
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function statusText(status: StepStatus): string {
  switch (status.kind) {
    case 'pending':
      return 'pending';
    case 'running':
      return `running (since ${status.startedAt})`;
    case 'done':
      return `done (${status.finishedAt})`;
    case 'failed':
      return `failed (${status.finishedAt})`;
  }
}

function errorMarkdown(error: Extract<StepStatus, { kind: 'failed' }>['error']): string[] {
  const lines = [`**Error \`${error.code}\`:** ${error.message}`, ''];
  if (error.cause) lines.push(`- Why: ${error.cause}`);
  lines.push(`- What to do: ${error.hint}`);
  if (error.spec) lines.push(`- Spec: [${error.spec.label}](${error.spec.url})`);
  return lines;
}

function exchangeMarkdown(e: Exchange, n: number): string[] {
  if (e.kind === 'redirect') {
    const lines = [
      `### Exchange ${n}: ${e.direction === 'outgoing' ? 'redirect out (browser leaves the app)' : 'redirect in (browser returns to the app)'}`,
      '',
      `At ${e.at}${e.note ? ` — ${e.note}` : ''}`,
      '',
      ...fenced(e.url, 'text'),
    ];
    if (e.params.length) {
      lines.push('', '| Parameter | Value |', '|---|---|', ...e.params.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`));
    }
    return lines;
  }
  const req = e.request;
  const lines = [`### Exchange ${n}: ${req.method} ${req.url}`, '', `Started ${e.startedAt}, ${Math.round(e.durationMs)} ms`, '', 'Request:', ''];
  lines.push(...fenced(httpMessage(`${req.method} ${req.url}`, req.headers, req.body), 'http'));
  if (e.response) {
    const res = e.response;
    lines.push('', 'Response:', '', ...fenced(httpMessage(`HTTP ${res.status} ${res.statusText}`.trim(), res.headers, res.body), 'http'));
  } else {
    lines.push('', `No response: ${e.networkError ?? 'the request did not complete'}`);
  }
  return lines;
}

function httpMessage(startLine: string, headers: HeaderList, body: string | undefined): string {
  const head = [startLine, ...headers.map(([k, v]) => `${k}: ${v}`)].join('\n');
  return body ? `${head}\n\n${prettyJson(body)}` : head;
}

function prettyJson(body: string): string {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? JSON.stringify(value, null, 2) : body;
  } catch {
    return body;
  }
}

function artifactMarkdown(a: Artifact): string[] {
  switch (a.kind) {
    case 'value':
      return [`**${a.label}:** \`${inline(a.value)}\`${a.note ? ` — ${a.note}` : ''}`];
    case 'compare':
      return [
        `**${a.label}:** ${a.equal ? 'equal' : '**NOT equal**'}${a.note ? ` — ${a.note}` : ''}`,
        '',
        `- ${a.sentLabel}: \`${inline(a.sent)}\``,
        `- ${a.returnedLabel}: \`${inline(a.returned)}\``,
      ];
    case 'pkce':
      return [
        '**PKCE (S256)**',
        '',
        `- code_verifier: \`${a.verifier}\``,
        `- code_challenge: \`${a.challenge}\``,
        `- recomputed BASE64URL(SHA256(verifier)): \`${a.recomputed}\` (${a.recomputed === a.challenge ? 'matches' : '**does not match**'})`,
      ];
    case 'jwt': {
      const lines = [
        `**${a.label}** (JWT) — signature ${a.signature.kind}: ${a.signature.detail}`,
        '',
        ...fenced(a.compact, 'text'),
        '',
        'Header:',
        '',
        ...fenced(JSON.stringify(a.header, null, 2), 'json'),
        '',
        'Payload:',
        '',
        ...fenced(JSON.stringify(a.payload, null, 2), 'json'),
      ];
      if (a.checks?.length) lines.push('', ...checkLines(a.checks));
      return lines;
    }
    case 'opaque-token':
      return [`**${a.label}** (opaque): \`${inline(a.value)}\` — ${a.note}`];
    case 'json':
      return [`**${a.label}:**`, '', ...fenced(JSON.stringify(a.value, null, 2) ?? 'undefined', 'json')];
    case 'xml':
      return [`**${a.label}:**${a.note ? ` ${a.note}` : ''}`, '', ...fenced(a.xml, 'xml')];
    case 'table':
      return [
        `**${a.label}:**`,
        '',
        `| ${a.columns.map(cell).join(' | ')} |`,
        `|${a.columns.map(() => '---').join('|')}|`,
        ...a.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
      ];
    case 'scopes':
      return ['**Scopes**', '', `- requested: \`${a.requested.join(' ')}\``, `- granted: \`${a.granted.join(' ')}\``];
    case 'checks':
      return [`**${a.label}:**`, '', ...checkLines(a.checks)];
    case 'warning':
      return [`> **Warning: ${a.label}.** ${a.message} ${a.why}${a.spec ? ` ([${a.spec.label}](${a.spec.url}))` : ''}`];
  }
}

function checkLines(checks: { name: string; ok: boolean; detail: string }[]): string[] {
  return checks.map((c) => `- ${c.ok ? '✔' : '✘'} ${c.name}: ${c.detail}`);
}

/** A fence longer than any run of backticks inside, so the content cannot close it. */
function fenced(content: string, lang: string): string[] {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${lang}`, content, fence];
}

function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function inline(s: string): string {
  return s.replace(/`/g, 'ˋ').replace(/\r?\n/g, ' ');
}

// ---------------------------------------------------------------- HAR 1.2

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: { startedDateTime: string; id: string; title: string; pageTimings: Record<string, never> }[];
    entries: HarEntry[];
    comment?: string;
  };
}

interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: never[];
    headers: { name: string; value: string }[];
    queryString: { name: string; value: string }[];
    postData?: { mimeType: string; text: string; params?: { name: string; value: string }[] };
    headersSize: -1;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: never[];
    headers: { name: string; value: string }[];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
    comment?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
  _stepId: string;
  _exchangeId: string;
  _error?: string;
}

/**
 * HAR 1.2 (the format browser dev tools import). HTTP exchanges become
 * ordinary entries; a front-channel redirect becomes a GET entry for the URL
 * the browser was sent to, with a comment, since the app sees the URL but not
 * the browser's own traffic. A request that got no answer has status 0 and
 * the browser's message in `_error` and the comment.
 */
export function journalToHar(journal: Journal, creatorVersion = '0.1.0'): Har {
  const entries: HarEntry[] = [];
  for (const step of journal.steps) {
    for (const e of step.exchanges) entries.push(e.kind === 'http' ? httpEntry(e, step, journal.runId) : redirectEntry(e, step, journal.runId));
  }
  entries.sort((a, b) => (a.startedDateTime < b.startedDateTime ? -1 : a.startedDateTime > b.startedDateTime ? 1 : 0));
  return {
    log: {
      version: '1.2',
      creator: { name: 'Health OAuth Playground', version: creatorVersion },
      pages: [{ startedDateTime: journal.startedAt, id: journal.runId, title: `${journal.flowId} run ${journal.runId}`, pageTimings: {} }],
      entries,
      comment: `Recorded by the Health OAuth Playground: flow ${journal.flowId}.`,
    },
  };
}

/** HAR's way of saying the app saw no response (status 0), with why in the comment. */
function noResponse(comment: string): HarEntry['response'] {
  return {
    status: 0,
    statusText: '',
    httpVersion: '',
    cookies: [],
    headers: [],
    content: { size: 0, mimeType: 'x-unknown' },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
    comment,
  };
}

function httpEntry(e: HttpExchange, step: StepRecord, pageref: string): HarEntry {
  const req = e.request;
  const reqType = header(req.headers, 'content-type');
  const res = e.response;
  const time = Math.max(0, Math.round(e.durationMs * 1000) / 1000);
  const entry: HarEntry = {
    pageref,
    startedDateTime: e.startedAt,
    time,
    request: {
      method: req.method,
      url: req.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: harHeaders(req.headers),
      queryString: queryOf(req.url),
      headersSize: -1,
      bodySize: req.body === undefined ? 0 : byteLength(req.body),
    },
    response: res
      ? {
          status: res.status,
          statusText: res.statusText,
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: harHeaders(res.headers),
          content: {
            size: res.body === undefined ? 0 : byteLength(res.body),
            mimeType: header(res.headers, 'content-type') ?? 'x-unknown',
            ...(res.body === undefined ? {} : { text: res.body }),
          },
          redirectURL: header(res.headers, 'location') ?? '',
          headersSize: -1,
          bodySize: res.body === undefined ? -1 : byteLength(res.body),
        }
      : noResponse(`No response: ${e.networkError ?? 'the request did not complete'}`),
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
    _stepId: step.id,
    _exchangeId: e.id,
  };
  if (req.body !== undefined) {
    const mimeType = reqType ?? 'text/plain';
    entry.request.postData = {
      mimeType,
      text: req.body,
      ...(mimeType.startsWith('application/x-www-form-urlencoded')
        ? { params: [...new URLSearchParams(req.body)].map(([name, value]) => ({ name, value })) }
        : {}),
    };
  }
  if (!res) {
    entry._error = e.networkError ?? 'no response';
    entry.comment = `Step ${step.id}: the request got no response (${entry._error}).`;
  } else {
    entry.comment = `Step ${step.id}`;
  }
  return entry;
}

function redirectEntry(e: Extract<Exchange, { kind: 'redirect' }>, step: StepRecord, pageref: string): HarEntry {
  const note =
    e.direction === 'outgoing'
      ? 'Front-channel redirect: the app sent the browser to this URL (a navigation, like following a 302 Location).'
      : "Front-channel redirect: the browser came back to the app at this URL (the authorization server's 302 Location).";
  return {
    pageref,
    startedDateTime: e.at,
    time: 0,
    request: {
      method: 'GET',
      url: e.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      queryString: e.params.map(([name, value]) => ({ name, value })),
      headersSize: -1,
      bodySize: 0,
    },
    response: noResponse('A navigation: its response went to the browser, not to the app.'),
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    comment: `Step ${step.id}. ${note}${e.note ? ` ${e.note}` : ''}`,
    _stepId: step.id,
    _exchangeId: e.id,
  };
}

function harHeaders(headers: HeaderList): { name: string; value: string }[] {
  return headers.map(([name, value]) => ({ name, value }));
}

function queryOf(url: string): { name: string; value: string }[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function header(headers: HeaderList, name: string): string | undefined {
  return headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

// ---------------------------------------------------------------- curl

export { exchangeToCurl, journalToCurl, shellQuote } from './curl';
