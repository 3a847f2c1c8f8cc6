/**
 * Pure helpers the UI components use to turn journal records into readable
 * text: labels, pretty bodies, JWT parts, times. No React here, so each can be
 * tested on its own.
 */
import type { Actor, Channel, HeaderList, StepRecord } from '../journal/types';
import { fieldText } from '../protocol/field-text';
import { errorText } from '../protocol/step-failure';

export const ACTOR_LABELS: Record<Actor, string> = {
  user: 'User',
  browser: 'Browser',
  app: 'App',
  ehr: 'EHR',
  'auth-server': 'Authorization server',
  'fhir-server': 'FHIR server',
  digid: 'DigiD',
  'pgo-presenter': 'PGO presenter',
  'pgo-server': 'PGO server',
  'resource-server': 'Resource server',
  'backend-client': 'Backend client',
};

/** Shown as a tooltip: what each actor is, for someone new to the field. */
export const ACTOR_DESCRIPTIONS: Record<Actor, string> = {
  user: 'The person using the app: a patient or a clinician',
  browser: 'The user agent that carries front-channel redirects',
  app: 'This playground, acting as the client application',
  ehr: 'The electronic health record system that launches the app',
  'auth-server': 'The authorization server that authenticates the user and issues tokens',
  'fhir-server': 'The FHIR server that holds the health data (the resource server)',
  digid: 'The Dutch government login service that proves who the user is',
  'pgo-presenter': 'The personal health environment (PGO) as the user sees it',
  'pgo-server': 'The personal health environment (PGO) server, the OAuth client in MedMij',
  'resource-server': 'The care provider’s resource server that returns the health data',
  'backend-client': 'A server-side client that acts without a user',
};

/** Left-to-right order of the lanes: who starts things on the left, who holds data on the right. */
const ACTOR_ORDER: readonly Actor[] = [
  'user',
  'browser',
  'pgo-presenter',
  'ehr',
  'app',
  'backend-client',
  'pgo-server',
  'auth-server',
  'digid',
  'fhir-server',
  'resource-server',
];

export const CHANNEL_LABELS: Record<Channel, string> = {
  'front-channel': 'front-channel redirect',
  'back-channel': 'back-channel HTTP',
  local: 'in the app',
  'in-server': 'inside the server',
};

export const CHANNEL_DESCRIPTIONS: Record<Channel, string> = {
  'front-channel': 'Carried by the browser as a redirect: the user (and anything in the browser) can see and change it',
  'back-channel': 'A direct HTTP call between servers or from the app: the browser does not carry it',
  local: 'Computed inside the app: nothing goes over the network',
  'in-server': 'Decided inside a server while the browser is away: the app sees only the outcome',
};

/** The lanes a flow needs: every actor any step names, in the fixed lane order. */
export function actorsInFlow(steps: readonly { actors: readonly Actor[] }[]): Actor[] {
  const used = new Set<Actor>();
  for (const step of steps) for (const actor of step.actors) used.add(actor);
  return ACTOR_ORDER.filter((actor) => used.has(actor));
}

/** The step to highlight: the one running, else the one that failed, else the next pending one; -1 when all are done. */
export function activeStepIndex(records: readonly StepRecord[]): number {
  for (const kind of ['running', 'failed', 'pending'] as const) {
    const index = records.findIndex((record) => record.status.kind === kind);
    if (index !== -1) return index;
  }
  return -1;
}

export type StatusTone = 'info' | 'ok' | 'redirect' | 'client-error' | 'server-error';

export function httpStatusTone(status: number): StatusTone {
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'client-error';
  if (status >= 300) return 'redirect';
  if (status >= 200) return 'ok';
  return 'info';
}

/** Header lookup as HTTP does it: case-insensitive, first match. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === wanted)?.[1];
}

export type PrettyBody =
  | { kind: 'empty' }
  | { kind: 'json'; text: string }
  | { kind: 'form'; params: [string, string][] }
  | { kind: 'xml'; text: string }
  | { kind: 'text'; text: string };

/**
 * Decide how to show a body from its content type, and fall back on its shape
 * when the type is missing or generic (servers often answer JSON as text/plain).
 */
export function prettyBody(body: string | undefined, contentType: string | undefined): PrettyBody {
  if (body === undefined || body === '') return { kind: 'empty' };
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) {
    return { kind: 'form', params: [...new URLSearchParams(body)] };
  }
  const json = prettyJsonText(body);
  if (json !== undefined && (type.includes('json') || !type.includes('html'))) return { kind: 'json', text: json };
  const trimmed = body.trimStart();
  if (type.includes('xml') || (!type.includes('html') && trimmed.startsWith('<?xml'))) {
    return { kind: 'xml', text: prettyXml(body) };
  }
  return { kind: 'text', text: body };
}

/** Re-indent a JSON text; undefined when it is not JSON (or not an object/array worth indenting). */
function prettyJsonText(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return undefined;
  }
}

/** Indent any JSON value for display; never throws (cycles and BigInts are shown as a note). */
export function prettyJsonValue(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch (error) {
    return `(cannot show as JSON: ${errorText(error)})`;
  }
}

/**
 * Indent XML for reading. Works on text alone (Node has no DOMParser), keeps
 * `<a>text</a>` on one line, and never changes what is inside tags. Copy
 * buttons copy the original, so this only has to read well.
 */
export function prettyXml(xml: string): string {
  const tokens = xml
    .trim()
    .replace(/>\s+</g, '><')
    .match(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[^>]+>|[^<]+/g);
  if (!tokens) return xml;
  const lines: string[] = [];
  let depth = 0;
  const indent = () => '  '.repeat(depth);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      lines.push(indent() + token);
    } else if (isOpeningTag(token)) {
      const next = tokens[i + 1];
      const after = tokens[i + 2];
      if (next !== undefined && next.startsWith('</')) {
        lines.push(indent() + token + next);
        i += 1;
      } else if (next !== undefined && !next.startsWith('<') && after?.startsWith('</')) {
        lines.push(indent() + token + next.trim() + after);
        i += 2;
      } else {
        lines.push(indent() + token);
        depth += 1;
      }
    } else if (token.startsWith('<')) {
      lines.push(indent() + token);
    } else if (token.trim() !== '') {
      lines.push(indent() + token.trim());
    }
  }
  return lines.join('\n');
}

function isOpeningTag(token: string): boolean {
  return token.startsWith('<') && !/^<[/?!]/.test(token) && !token.endsWith('/>');
}

export type JwtPartRole = 'header' | 'payload' | 'signature' | 'encrypted-key' | 'iv' | 'ciphertext' | 'tag';

const JWS_ROLES: JwtPartRole[] = ['header', 'payload', 'signature'];
const JWE_ROLES: JwtPartRole[] = ['header', 'encrypted-key', 'iv', 'ciphertext', 'tag'];

/**
 * Split a compact JWT into its dot-separated parts, each named for colouring:
 * three for a signed token (JWS), five for an encrypted one (JWE). Anything
 * else comes back as one part so it is still shown, uncoloured.
 */
export function splitCompactJwt(compact: string): { role: JwtPartRole | 'unknown'; text: string }[] {
  const parts = compact.trim().split('.');
  const roles = parts.length === 3 ? JWS_ROLES : parts.length === 5 ? JWE_ROLES : undefined;
  if (!roles) return [{ role: 'unknown', text: compact }];
  return parts.map((text, i) => ({ role: roles[i], text }));
}

/** The JWT claims that are NumericDate (seconds since the epoch), in the order they read best. */
const TIME_CLAIMS = ['iat', 'nbf', 'auth_time', 'exp'] as const;

export interface TimeClaim {
  name: string;
  seconds: number;
  local: string;
}

export function timeClaims(payload: Record<string, unknown>): TimeClaim[] {
  const found: TimeClaim[] = [];
  for (const name of TIME_CLAIMS) {
    const value = payload[name];
    if (typeof value === 'number' && Number.isFinite(value)) {
      found.push({ name, seconds: value, local: formatEpochSeconds(value) });
    }
  }
  return found;
}

/** A NumericDate as the user's local date and time, e.g. `2025-03-04 09:05:07`. */
export function formatEpochSeconds(seconds: number): string {
  return formatLocalDateTime(new Date(seconds * 1000));
}

/** Local date and time without the locale's surprises: always `YYYY-MM-DD HH:mm:ss`. */
/**
 * A time of day as HH:MM:SS (24-hour, local time), written out by hand like the
 * date above: the page's first toLocaleTimeString (or any Intl formatter) loads
 * the browser's locale data, 20-60 ms inside the first render that shows a time.
 */
export function clockTime(at: string | number | Date): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export function formatLocalDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) return 'invalid date';
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` + `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  );
}

/** A length of time as people say it: `850 ms`, `42 s`, `5 min 3 s`, `2 h 10 min`, `3 d 4 h`. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  const s = Math.floor(abs / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return s % 60 ? `${min} min ${s % 60} s` : `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

export type ScopeGrant = 'granted' | 'not-granted' | 'added';

/**
 * Each scope with what became of it: requested and granted, requested but
 * refused (or narrowed away), or granted without being asked for.
 */
export function scopeGrants(requested: readonly string[], granted: readonly string[]): { scope: string; grant: ScopeGrant }[] {
  const grantedSet = new Set(granted);
  const requestedSet = new Set(requested);
  const rows: { scope: string; grant: ScopeGrant }[] = [];
  for (const scope of new Set(requested)) rows.push({ scope, grant: grantedSet.has(scope) ? 'granted' : 'not-granted' });
  for (const scope of new Set(granted)) if (!requestedSet.has(scope)) rows.push({ scope, grant: 'added' });
  return rows;
}

// ---------------------------------------------------------------- FHIR Observation values

interface Quantity {
  value?: number;
  unit?: string;
  code?: string;
  comparator?: string;
}

interface Concept {
  text?: string;
  coding?: { system?: string; code?: string; display?: string }[];
}

/** The LOINC codes of the two halves of a blood pressure (SMART/US Core and the FHIR vital signs profile). */
const SYSTOLIC = '8480-6';
const DIASTOLIC = '8462-4';

const conceptText = (c: Concept | undefined) => c?.text ?? c?.coding?.find((coding) => coding.display)?.display ?? c?.coding?.[0]?.code ?? '';

function quantityText(q: Quantity): string {
  const unit = q.unit ?? q.code;
  return `${q.comparator ?? ''}${q.value ?? '?'}${unit ? ` ${unit}` : ''}`;
}

/** The value[x] of an Observation or of one of its components, as text; undefined when it has none. */
function valueText(v: Record<string, unknown>): string | undefined {
  if (v.valueQuantity) return quantityText(v.valueQuantity);
  if (v.valueCodeableConcept) return conceptText(v.valueCodeableConcept);
  for (const key of ['valueString', 'valueBoolean', 'valueInteger', 'valueDateTime', 'valueTime']) {
    if (v[key] !== undefined) return fieldText(v[key]);
  }
  if (v.dataAbsentReason) return `(no value: ${conceptText(v.dataAbsentReason)})`;
  return undefined;
}

const hasLoinc = (c: Concept | undefined, code: string) => Boolean(c?.coding?.some((coding) => coding.code === code));

/**
 * What an Observation measured, as a person reads it. A blood pressure has no
 * value of its own: its systolic and diastolic halves are components, shown
 * as "120/80 mmHg"; any other components are listed by name.
 */
export function observationValue(observation: Record<string, unknown>): string {
  const own = valueText(observation);
  if (own !== undefined) return own;
  const components = Array.isArray(observation.component) ? (observation.component as Record<string, unknown>[]) : [];
  if (components.length === 0) return '';
  const find = (code: string) => components.find((c) => hasLoinc(c.code as Concept, code))?.valueQuantity as Quantity | undefined;
  const systolic = find(SYSTOLIC);
  const diastolic = find(DIASTOLIC);
  if (components.length === 2 && systolic && diastolic && (systolic.unit ?? systolic.code) === (diastolic.unit ?? diastolic.code)) {
    const unit = systolic.unit ?? systolic.code;
    return `${systolic.value ?? '?'}/${diastolic.value ?? '?'}${unit ? ` ${unit}` : ''}`;
  }
  return components.map((c) => `${conceptText(c.code as Concept)} ${valueText(c) ?? ''}`.trim()).join('; ');
}
