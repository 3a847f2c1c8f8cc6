/**
 * What a finished run obtained and what its checks proved, read from the
 * journal alone (no React, no flow-specific code): the tokens from the token
 * endpoint's answers, the launch context, the FHIR data read, and every
 * comparison, PKCE pair, signature and claim check the steps recorded.
 * The words around these facts belong to the page (src/ui/chrome-text.ts);
 * labels the steps wrote are kept as written (they are in the run's language).
 */
import type { Artifact, Check, Exchange, Journal, JwtSignatureStatus } from './types';

type TokenName = 'access_token' | 'refresh_token' | 'id_token';

interface ObtainedToken {
  name: TokenName;
  /** Seconds the token lives: expires_in of the answer (access), exp - iat of a JWT; absent when not said. */
  lifetimeSeconds?: number;
  /** The scopes the token carries (the granted scope of the answer), for the access token. */
  scopes?: string[];
  /** Replaced by a refresh later in the run: the summary shows the newest. */
  refreshed: boolean;
}

interface ContextValue {
  name: 'patient' | 'encounter' | 'fhirUser';
  value: string;
}

type DataRead =
  | { kind: 'patient'; name: string; id?: string }
  /** A search answer: how many resources of which type. */
  | { kind: 'bundle'; counts: { resourceType: string; count: number }[] };

export type Proof =
  /** A value sent and the value that came back (state, iss RFC 9207, ...). */
  | { kind: 'compare'; label: string; sentLabel: string; returnedLabel: string; equal: boolean }
  /** The PKCE verifier hashes (S256) to the challenge that was sent. */
  | { kind: 'pkce'; method: 'S256'; ok: boolean }
  /** A JWT's signature, checked against the issuer's keys (jwks_uri). Unverified tokens are left out: nothing was proved. */
  | { kind: 'signature'; token: string; status: Exclude<JwtSignatureStatus['kind'], 'unverified'>; detail: string }
  /** One claim check of a JWT (iss, aud, exp, nonce ...). */
  | { kind: 'claim'; token: string; check: Check }
  /** A group of checks a step made (the discovery document, the lists ...): how many passed, and which did not. */
  | { kind: 'checks'; label: string; passed: number; total: number; failed: string[] };

interface RunSummary {
  tokens: ObtainedToken[];
  context: ContextValue[];
  data: DataRead[];
  proofs: Proof[];
}

type HttpExchange = Extract<Exchange, { kind: 'http' }>;
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function responseJson(exchange: HttpExchange): Json | undefined {
  const body = exchange.response?.body;
  if (!body || exchange.response!.status >= 300) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const httpExchanges = (journal: Journal): HttpExchange[] => journal.steps.flatMap((step) => step.exchanges.filter((e): e is HttpExchange => e.kind === 'http'));

const artifacts = (journal: Journal): Artifact[] => journal.steps.flatMap((step) => step.artifacts);

/** A successful token endpoint answer (RFC 6749 §5.1): it has an access_token and a token_type. */
const isTokenResponse = (json: Json) => typeof json.access_token === 'string' && typeof json.token_type === 'string';

function jwtLifetime(compact: string | undefined, journal: Journal): number | undefined {
  if (!compact) return undefined;
  const jwt = artifacts(journal).find((a): a is Extract<Artifact, { kind: 'jwt' }> => a.kind === 'jwt' && a.compact === compact);
  const { exp, iat } = jwt?.payload ?? {};
  return typeof exp === 'number' && typeof iat === 'number' ? exp - iat : undefined;
}

function obtainedTokens(journal: Journal, answers: Json[]): ObtainedToken[] {
  const tokens: ObtainedToken[] = [];
  const latest = (name: TokenName) => answers.filter((a) => str(a[name])).at(-1);
  const count = (name: TokenName) => answers.filter((a) => str(a[name])).length;
  const access = latest('access_token');
  if (access) {
    const scope = str(access.scope);
    tokens.push({
      name: 'access_token',
      lifetimeSeconds: typeof access.expires_in === 'number' ? access.expires_in : undefined,
      scopes: scope ? scope.split(/\s+/).filter(Boolean) : grantedScopes(journal),
      refreshed: count('access_token') > 1,
    });
  }
  const refresh = latest('refresh_token');
  if (refresh) tokens.push({ name: 'refresh_token', refreshed: count('refresh_token') > 1 });
  const id = latest('id_token');
  if (id) tokens.push({ name: 'id_token', lifetimeSeconds: jwtLifetime(str(id.id_token), journal), refreshed: count('id_token') > 1 });
  return tokens;
}

/** Without a scope in the answer, the scope asked for was granted (RFC 6749 §5.1); the step's scopes artifact says which. */
function grantedScopes(journal: Journal): string[] | undefined {
  const scopes = artifacts(journal).filter((a): a is Extract<Artifact, { kind: 'scopes' }> => a.kind === 'scopes');
  return scopes.at(-1)?.granted;
}

function launchContext(journal: Journal, answers: Json[]): ContextValue[] {
  const context: ContextValue[] = [];
  for (const name of ['patient', 'encounter'] as const) {
    const value = answers.map((a) => str(a[name])).findLast((v) => v !== undefined);
    if (value) context.push({ name, value });
  }
  // fhirUser is a claim of the verified id_token: only a token whose signature held counts.
  const fhirUser = artifacts(journal)
    .filter((a): a is Extract<Artifact, { kind: 'jwt' }> => a.kind === 'jwt' && a.signature.kind === 'valid')
    .map((a) => str(a.payload.fhirUser))
    .findLast((v) => v !== undefined);
  if (fhirUser) context.push({ name: 'fhirUser', value: fhirUser });
  return context;
}

/** A FHIR HumanName as people read it: its text, or the given names and the family name. */
function humanName(name: unknown): string | undefined {
  if (!isObject(name)) return undefined;
  const text = str(name.text);
  if (text) return text;
  const given = Array.isArray(name.given) ? name.given.filter((g): g is string => typeof g === 'string') : [];
  const joined = [...given, str(name.family)].filter(Boolean).join(' ');
  return joined || undefined;
}

function dataRead(exchanges: HttpExchange[]): DataRead[] {
  const data: DataRead[] = [];
  for (const exchange of exchanges) {
    const json = responseJson(exchange);
    if (!json) continue;
    if (json.resourceType === 'Patient') {
      const name = Array.isArray(json.name) ? json.name.map(humanName).find(Boolean) : undefined;
      if (name && !data.some((d) => d.kind === 'patient' && d.name === name)) data.push({ kind: 'patient', name, id: str(json.id) });
    } else if (json.resourceType === 'Bundle' && Array.isArray(json.entry)) {
      const counts = new Map<string, number>();
      for (const entry of json.entry) {
        // A search answer may carry an OperationOutcome as a warning: it is not data.
        const type = isObject(entry) && isObject(entry.resource) ? str(entry.resource.resourceType) : undefined;
        if (type && type !== 'OperationOutcome') counts.set(type, (counts.get(type) ?? 0) + 1);
      }
      if (counts.size > 0) data.push({ kind: 'bundle', counts: [...counts].map(([resourceType, count]) => ({ resourceType, count })) });
    }
  }
  return data;
}

function proofs(journal: Journal): Proof[] {
  const found: Proof[] = [];
  for (const a of artifacts(journal)) {
    switch (a.kind) {
      case 'compare':
        found.push({ kind: 'compare', label: a.label, sentLabel: a.sentLabel, returnedLabel: a.returnedLabel, equal: a.equal });
        break;
      case 'pkce':
        found.push({ kind: 'pkce', method: a.method, ok: a.recomputed === a.challenge });
        break;
      case 'jwt':
        if (a.signature.kind !== 'unverified') found.push({ kind: 'signature', token: a.label, status: a.signature.kind, detail: a.signature.detail });
        for (const check of a.checks ?? []) found.push({ kind: 'claim', token: a.label, check });
        break;
      case 'checks': {
        const failed = a.checks.filter((c) => !c.ok).map((c) => c.name);
        found.push({ kind: 'checks', label: a.label, passed: a.checks.length - failed.length, total: a.checks.length, failed });
        break;
      }
    }
  }
  return found;
}

/** The summary of a run, from its journal. */
export function summarizeRun(journal: Journal): RunSummary {
  const exchanges = httpExchanges(journal);
  const answers = exchanges
    .map(responseJson)
    .filter((j): j is Json => j !== undefined)
    .filter(isTokenResponse);
  return { tokens: obtainedTokens(journal, answers), context: launchContext(journal, answers), data: dataRead(exchanges), proofs: proofs(journal) };
}
