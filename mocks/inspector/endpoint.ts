import { json, Router, type MockEnv, type MockServer } from '../core/server';
import { INSPECTOR_PREFIX } from '../paths';
import { gradeRun } from './grade';
import { publicRequest } from './mask';
import { findInspected } from './store';
import type { CheckStatus, InspectedClient } from './types';

/**
 * `GET /mock/inspector/clients/{client_id}`: the runs of a registered client
 * and their checks, as JSON for the Inspect page and for CI. It wants the
 * registration_access_token the registration answered, as a Bearer token, so
 * attendees in one room cannot read each other's runs.
 */
const NO_STORE = { 'Cache-Control': 'no-store' };

function unauthorized(description: string): Response {
  return json(
    { error: 'invalid_token', error_description: description },
    {
      status: 401,
      headers: { ...NO_STORE, 'WWW-Authenticate': `Bearer realm="inspector", error="invalid_token", error_description="${description.replace(/"/g, "'")}"` },
    },
  );
}

/** Compare without stopping at the first different character (the token is a secret). */
function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function inspectionReport(client: InspectedClient) {
  const runs = client.runs.map((run, i) => {
    const checks = gradeRun(client, run, client.runs.slice(0, i));
    const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, 'not-observable': 0 };
    for (const c of checks) counts[c.status]++;
    return {
      id: run.id,
      started: new Date(run.started).toISOString(),
      kind: run.kind,
      ...(run.issuer ? { issuer: run.issuer } : {}),
      ...(run.launchId ? { launch: run.launchId } : {}),
      requests: run.requests.map(publicRequest),
      ...(run.dropped ? { dropped: run.dropped } : {}),
      counts,
      checks,
    };
  });
  return {
    client_id: client.client_id,
    ...(client.client_name ? { client_name: client.client_name } : {}),
    kind: client.kind,
    registered: new Date(client.registeredAt).toISOString(),
    expires: new Date(client.expiresAt).toISOString(),
    registration: client.registration,
    runs,
  };
}

export type InspectionReport = ReturnType<typeof inspectionReport>;

async function report(env: MockEnv, request: Request, clientId: string): Promise<Response> {
  const header = request.headers.get('authorization') ?? '';
  const token = /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, '').trim() : '';
  if (!token) return unauthorized('Send the registration_access_token from the registration response as "Authorization: Bearer <token>".');
  const client = await findInspected(env.store, clientId);
  // One answer for "unknown client" and "wrong token": the endpoint tells nothing to a guesser.
  if (!client || !sameSecret(token, client.registrationAccessToken)) {
    return unauthorized(
      `No inspected client "${clientId}" with this registration_access_token (registrations last 24 hours on this server instance; register again after a restart).`,
    );
  }
  return json(inspectionReport(client), { headers: NO_STORE });
}

export function createInspectorServer(env: MockEnv): MockServer {
  const router = new Router().get(`${INSPECTOR_PREFIX}/clients/:clientId`, (request, { params }) => report(env, request, params.clientId));
  return (request) => router.handle(request);
}
