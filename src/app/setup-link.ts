import type { Mode } from '../flows/flow';
import type { ChromeLang } from '../ui/chrome-text';

/**
 * A set-up is a link: every choice a user makes before a run lives in the
 * flow page's query (`/flows/<id>?client=confidential&error=token_invalid_token`).
 * Each flow declares its parameters in a small spec (src/flows/<flow>/setup-link.ts);
 * this module writes and reads them, with no React. Defaults stay out of the
 * link, so links stay short. Only declared parameters are ever written: a
 * token, code, state, PKCE value or typed secret has no parameter, so it cannot
 * reach a URL whatever the state holds.
 */

/** What a spec may depend on: the page's origin (mock URLs) and the mode (live-only fields). */
export interface LinkContext {
  origin: string;
  mode: Mode;
}

/**
 * A problem's words: the same in every language (values, URLs, lists of
 * choices), or one text per language the page can speak (a MedMij run in Dutch
 * says what went wrong in Dutch).
 */
export type LinkText = string | Readonly<Record<ChromeLang, string>>;

/** A LinkText in the run's language. */
export function linkText(text: LinkText, lang: ChromeLang): string {
  return typeof text === 'string' ? text : text[lang];
}

export type ParamRead<S> = { ok: true; patch: Partial<S> } | { ok: false; why: LinkText; accepted: LinkText };

export interface SetupParam<S> {
  /** The URL parameter: short and readable (`client`, `auth`, `scope`, `error`). */
  name: string;
  /** The value the link carries for this state; undefined leaves the parameter out (the default, or not in this mode). */
  write(state: Readonly<S>, ctx: LinkContext): string | undefined;
  /** Reads a value into a patch of the set-up. `state` is the set-up so far: the defaults with the earlier parameters applied. */
  read(value: string, state: Readonly<S>, ctx: LinkContext): ParamRead<S>;
}

export interface SetupLinkSpec<S> {
  params: SetupParam<S>[];
  /** The state fields a link sets. Anything else (what the steps learn, typed secrets) is left as the run has it. */
  fields: (keyof S)[];
  /** Typed secrets that never go in a link, with the one line "Copy link" shows when one was left out. */
  leftOut: { field: keyof S; note: string }[];
  /** Fields that follow from the others after reading (the mock's FHIR base carries the scenario). */
  derive?(state: Readonly<S>, ctx: LinkContext): Partial<S>;
  /** Parameters the run in this tab holds and a link cannot change (an EHR launch is bound to the FHIR base the EHR chose). */
  heldByRun?(state: Readonly<S>, ctx: LinkContext): { params: string[]; fields: (keyof S)[]; why: LinkText; accepted: LinkText } | undefined;
  /** Where a run with this set-up begins when it is not on the flow page (an EHR launch begins at the EHR). */
  startsAt?(state: Readonly<S>, ctx: LinkContext): { href: string; text: string; action: string } | undefined;
}

/** A value a link carries that could not be used: shown on the page, and the default is used instead. */
export interface SetupProblem {
  param: string;
  value: string;
  why: LinkText;
  accepted: LinkText;
}

/** The set-up parameters of a state, in the spec's order, defaults left out. */
export function encodeSetup<S>(spec: SetupLinkSpec<S>, state: Readonly<S>, ctx: LinkContext): [string, string][] {
  const out: [string, string][] = [];
  for (const p of spec.params) {
    const value = p.write(state, ctx);
    if (value !== undefined) out.push([p.name, value]);
  }
  return out;
}

export interface DecodedSetup<S> {
  /** Whether the query has any set-up parameter at all (a plain /flows/<id> is not a link). */
  present: boolean;
  /** The set-up the link describes: the spec's fields, on top of the defaults. */
  setup: Partial<S>;
  problems: SetupProblem[];
}

/**
 * Reads a link's set-up on top of the flow's defaults. A value that cannot be
 * read is reported (parameter, value, why, what is accepted) and that field
 * keeps its default; parameters the spec does not know (auto, present) are not its business.
 */
export function decodeSetup<S>(spec: SetupLinkSpec<S>, query: URLSearchParams, defaults: Readonly<S>, ctx: LinkContext): DecodedSetup<S> {
  let state: S = { ...defaults };
  const problems: SetupProblem[] = [];
  let present = false;
  for (const p of spec.params) {
    const values = query.getAll(p.name);
    if (values.length === 0) continue;
    present = true;
    if (values.length > 1) {
      problems.push({
        param: p.name,
        value: values.join(', '),
        why: { en: `it is given ${values.length} times`, nl: `hij staat er ${values.length} keer in` },
        accepted: { en: 'one value', nl: 'één waarde' },
      });
      continue;
    }
    const read = p.read(values[0], state, ctx);
    if (read.ok) state = { ...state, ...read.patch };
    else problems.push({ param: p.name, value: values[0], why: read.why, accepted: read.accepted });
  }
  const derived = spec.derive?.(state, ctx) ?? {};
  state = { ...state, ...derived };
  const setup: Partial<S> = { ...derived };
  for (const f of spec.fields) setup[f] = state[f];
  return { present, setup, problems };
}

/** Whether two states have the same set-up, as far as a link can say. */
function sameSetup<S>(spec: SetupLinkSpec<S>, a: Readonly<S>, b: Readonly<S>, ctx: LinkContext): boolean {
  return setupQuery(encodeSetup(spec, a, ctx)) === setupQuery(encodeSetup(spec, b, ctx));
}

/**
 * The query with the set-up in it: the set-up parameters first (in the spec's
 * order), then every other parameter (auto, present) untouched. Without a "?".
 */
export function withSetup(search: string, spec: { params: { name: string }[] }, setup: [string, string][]): string {
  const own = new Set(spec.params.map((p) => p.name));
  const others = [...new URLSearchParams(search)].filter(([k]) => !own.has(k));
  return setupQuery([...setup, ...others]);
}

/**
 * A query string that stays readable on a slide: `/`, `:`, `@` and `,` are
 * left as they are (RFC 3986 allows them in a query) and a space is a `+`;
 * URLSearchParams reads it back the same.
 */
export function setupQuery(pairs: [string, string][]): string {
  const enc = (s: string) =>
    encodeURIComponent(s)
      .replace(/%20/g, '+')
      .replace(/%(2F|3A|40|2C)/gi, (m) => decodeURIComponent(m));
  return pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}

/** The typed secrets of this state the link leaves out (a non-empty value the link would not give back). */
export function secretsLeftOut<S>(spec: SetupLinkSpec<S>, state: Readonly<S>, defaults: Readonly<S>, ctx: LinkContext): string[] {
  const query = new URLSearchParams(setupQuery(encodeSetup(spec, state, ctx)));
  const { setup } = decodeSetup(spec, query, defaults, ctx);
  const reproduced = { ...defaults, ...setup };
  return spec.leftOut.filter(({ field }) => !!state[field] && state[field] !== reproduced[field]).map(({ note }) => note);
}

// Small readers the flows' specs share.

/** One of a fixed list of values. */
export function oneOf<S, V extends string>(value: string, allowed: readonly V[], patch: (v: V) => Partial<S>): ParamRead<S> {
  if ((allowed as readonly string[]).includes(value)) return { ok: true, patch: patch(value as V) };
  return { ok: false, why: { en: 'it is not one of the choices', nl: 'het is geen van de keuzes' }, accepted: allowed.join(', ') };
}

/** An absolute http(s) URL (a live server's address). */
export function httpUrl<S>(value: string, patch: (url: string) => Partial<S>): ParamRead<S> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, why: 'it is not an absolute URL', accepted: 'an http or https URL, such as https://fhir.example.org/r4' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, why: `it uses the scheme "${url.protocol}"`, accepted: 'an http or https URL' };
  }
  return { ok: true, patch: patch(value) };
}

/** What applyLink needs of the flow runner (src/flows/runner.ts). */
export interface SetupRunner<S> {
  readonly state: S;
  phase(): { kind: string };
  reset(): void;
  updateState(patch: Partial<S>): void;
}

/**
 * Puts a link's set-up into the runner. A plain /flows/<id> (no set-up
 * parameter) is not a link: the run in this tab goes on. A link with the
 * run's own set-up (a reload) changes nothing. Otherwise the link wins: before
 * the first step its set-up is applied; later, the run starts over with it.
 */
export function applyLink<S extends object>(
  runner: SetupRunner<S>,
  spec: SetupLinkSpec<S>,
  query: URLSearchParams,
  defaults: S,
  ctx: LinkContext,
): { problems: SetupProblem[]; replacedRun: boolean } {
  const decoded = decodeSetup(spec, query, defaults, ctx);
  if (!decoded.present) return { problems: [], replacedRun: false };
  const current = runner.state;
  const problems = [...decoded.problems];
  let patch = decoded.setup;
  const held = spec.heldByRun?.(current, ctx);
  if (held) {
    const linked = new Map(encodeSetup(spec, { ...current, ...patch }, ctx));
    const running = new Map(encodeSetup(spec, current, ctx));
    for (const name of held.params) {
      const value = query.get(name);
      if (value === null || linked.get(name) === running.get(name) || problems.some((p) => p.param === name)) continue;
      problems.push({ param: name, value, why: held.why, accepted: held.accepted });
    }
    patch = Object.fromEntries(Object.entries(patch).filter(([k]) => !held.fields.includes(k as keyof S))) as Partial<S>;
  }
  if (sameSetup(spec, current, { ...current, ...patch }, ctx)) return { problems, replacedRun: false };
  const inProgress = runner.phase().kind !== 'ready';
  if (inProgress) runner.reset();
  runner.updateState(patch);
  return { problems, replacedRun: inProgress };
}
