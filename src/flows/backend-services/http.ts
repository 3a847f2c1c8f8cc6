import { StepFailure } from '../flow';
import { classifyFetchFailure, parseJsonObject } from '../../protocol/errors';

/** One answer, read whole: the flow decides itself what a refusal means. */
export interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  /** The body when it is a JSON object. */
  json?: Record<string, unknown>;
}

/** fetch through the recording fetch; a network or CORS failure becomes a StepFailure that says which. */
export async function send(fetchFn: typeof fetch, url: string, init: RequestInit): Promise<Answer> {
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (e) {
    throw new StepFailure(await classifyFetchFailure(url, e));
  }
  const text = await response.text();
  return { status: response.status, statusText: response.statusText, headers: response.headers, text, json: parseJsonObject(text) };
}

export function postForm(fetchFn: typeof fetch, url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  return send(fetchFn, url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export function postJson(fetchFn: typeof fetch, url: string, body: unknown): Promise<Answer> {
  return send(fetchFn, url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
}
