/** Shared by the inspector's HTTP tests: register an app, read its runs. */
import { expect } from 'vitest';

export interface Registered {
  client_id: string;
  client_secret?: string;
  registration_access_token: string;
  inspector_uri: string;
  [k: string]: unknown;
}

export interface ReportCheck {
  id: string;
  status: 'pass' | 'fail' | 'warn' | 'not-observable';
  summary: string;
  evidence: { request: string; method: string; url: string; headers: [string, string][]; body?: string; detail?: string }[];
  spec: { label: string; url: string }[];
}

export interface Report {
  client_id: string;
  runs: { id: string; started: string; requests: { id: string; kind: string; method: string; url: string }[]; checks: ReportCheck[] }[];
}

export async function register(origin: string, metadata: Record<string, unknown>): Promise<Registered> {
  const res = await fetch(`${origin}/mock/smart/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(metadata),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Registered;
}

export async function inspect(reg: Registered): Promise<Report> {
  const res = await fetch(reg.inspector_uri, { headers: { authorization: `Bearer ${reg.registration_access_token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

/** Each check's status by id, for readable assertions. */
export function statuses(checks: ReportCheck[]): Record<string, string> {
  return Object.fromEntries(checks.map((c) => [c.id, c.status]));
}

/** No check failed or warned: what a well-behaved client gets. */
export function expectAllPassOrNotObservable(checks: ReportCheck[]) {
  const bad = checks.filter((c) => c.status !== 'pass' && c.status !== 'not-observable').map((c) => `${c.id}: ${c.status}: ${c.summary}`);
  expect(bad).toEqual([]);
}
