import type { SpecLink } from '../journal/types';
import { errorText, StepFailure } from './step-failure';
import { classifyFetchFailure, errorFromHttpAnswer, excerpt, parseJsonObject, type OAuthErrorSource } from './errors';

export interface JsonAnswer {
  response: Response;
  /** The body, parsed: always a JSON object. */
  body: Record<string, unknown>;
}

export interface FetchJsonOptions {
  /** Which spec defines this endpoint's errors (token endpoint: RFC 6749 §5.2; FHIR: RFC 6750). Default 'token'. */
  source?: OAuthErrorSource;
  /** Used for the no-cors probe that tells CORS from an unreachable server. */
  probeFetch?: typeof fetch;
  /** What to say when the answer is an HTML page (code not_json): the caller knows what that usually means. */
  whenHtml?: { message: string; spec?: SpecLink };
}

/** One HTTP answer, read whole: the caller decides what a refusal means. */
export interface HttpAnswer {
  response: Response;
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  /** The body when it is a JSON object. */
  json?: Record<string, unknown>;
}

/**
 * The one way the playground sends a request and reads the answer. Every way
 * the exchange itself can fail becomes a StepFailure that says which: the
 * server unreachable, CORS, aborted or timed out (classifyFetchFailure), or
 * the connection breaking while the body arrives. What the answer means (an
 * HTTP error with the server's OAuth error, a body that is not JSON) is for
 * the caller: fetchJson, or httpFailure.
 */
export async function send(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit | undefined,
  what: string,
  options: Pick<FetchJsonOptions, 'probeFetch'> = {},
): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (error) {
    throw new StepFailure(await classifyFetchFailure(url, error, options.probeFetch));
  }
  const text = await response
    .clone()
    .text()
    .catch((e: unknown) => {
      throw new StepFailure({
        code: 'network',
        message: `${what} could not be read: the connection broke while the body was arriving.`,
        cause: errorText(e),
        hint: 'Try again; if it repeats, check the server.',
      });
    });
  return { response, status: response.status, statusText: response.statusText, headers: response.headers, text, json: parseJsonObject(text) };
}

/** An answer that is not a success, explained: the server's OAuth error when it sent one (body or WWW-Authenticate), else the status and body. */
function httpFailure(answer: HttpAnswer, what: string, source: OAuthErrorSource = 'token'): StepFailure {
  return new StepFailure(errorFromHttpAnswer(answer.status, answer.statusText, answer.headers, answer.text, source, what));
}

/** A form POST (application/x-www-form-urlencoded) that wants JSON back. */
export function postForm(
  fetchFn: typeof fetch,
  url: string,
  fields: Record<string, string>,
  what: string,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return send(
    fetchFn,
    url,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...headers },
      body: new URLSearchParams(fields).toString(),
    },
    what,
  );
}

/** A JSON POST that wants JSON back. */
export function postJson(fetchFn: typeof fetch, url: string, body: unknown, what: string): Promise<HttpAnswer> {
  return send(fetchFn, url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) }, what);
}

/**
 * Fetches a URL that must answer a JSON object, and turns every way that can
 * fail into a StepFailure that says which: the server unreachable, CORS, an
 * HTTP error (with the OAuth error explained when there is one), a body that is
 * not JSON, or JSON that is not an object.
 *
 * `what` names the document for the learner ("The discovery document").
 */
export async function fetchJson(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit | undefined,
  what: string,
  options: FetchJsonOptions = {},
): Promise<JsonAnswer> {
  const answer = await send(fetchFn, url, init, what, options);
  const { response, text } = answer;
  if (!response.ok) throw httpFailure(answer, `${what} (${url})`, options.source ?? 'token');

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const contentType = response.headers.get('content-type') ?? 'no Content-Type';
    const looksHtml = /^\s*</.test(text);
    throw new StepFailure({
      code: 'not_json',
      message: looksHtml ? (options.whenHtml?.message ?? `${what} is HTML, not JSON — is the URL right?`) : `${what} is not JSON.`,
      cause: text.trim()
        ? `The server answered ${response.status} with ${contentType}; the body starts with ${excerpt(text, 80)}. ${errorText(e)}`
        : `The server answered ${response.status} with an empty body.`,
      hint: looksHtml
        ? 'An HTML page usually means the URL points at a web page or a single-page app that answers every path, not at the API. Check the URL, including the path of the FHIR base.'
        : 'Check that the URL points at the right endpoint and that the server answers application/json.',
      spec: looksHtml ? options.whenHtml?.spec : undefined,
    });
  }

  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new StepFailure({
      code: 'not_json_object',
      message: `${what} is JSON, but not a JSON object.`,
      cause: `The body is ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`}: ${excerpt(text, 80)}.`,
      hint: 'The spec defines this document as a JSON object with named members. Check that the URL points at the right endpoint.',
    });
  }

  return { response, body: parsed as Record<string, unknown> };
}
