import type { MockEnv } from '../core/server';
import type { Store } from '../core/store';
import { REGISTRATION_LIFETIME_SECONDS } from '../smart-auth/backend/client-record';
import { randomValue } from '../smart-auth/random';
import type { InspectedClient, InspectedRegistration, RecordedRequest, Run } from './types';

/**
 * Where the inspector keeps its records: in the mock servers' own store, so
 * they expire with the registration and stay per server instance. Everything
 * is bounded: the last MAX_RUNS runs per client, MAX_REQUESTS requests per run.
 */
const MAX_RUNS = 20;
const MAX_REQUESTS = 500;
/** The records live as long as the registration they belong to (a day). */
const INSPECTION_LIFETIME_SECONDS = REGISTRATION_LIFETIME_SECONDS;
/** How long a launch, a pending state or a discovery request can still be tied to a run. */
export const LINK_WINDOW_SECONDS = 600;
const RECENT_DISCOVERY = 50;

const clientKey = (id: string) => `inspector:client:${id}`;
const linkKey = (kind: LinkKind, value: string) => `inspector:${kind}:${value}`;
const DISCOVERY_KEY = 'inspector:discovery';
/** Until when some client is inspected (epoch ms): before the first registration and after the last expires, nothing is recorded. */
const ACTIVE_UNTIL_KEY = 'inspector:active-until';

/** What ties a later request to a run: the code, the tokens, the state at the authorize request, the launch id. */
export type LinkKind = 'code' | 'access' | 'refresh' | 'state' | 'launch';
export interface RunLink {
  clientId?: string;
  runId?: string;
}

interface RecentDiscovery {
  request: RecordedRequest;
  /** The run that took it as its discovery. */
  claimedBy?: string;
}

/** Start inspecting a newly registered client; answers its registration_access_token. */
export async function inspectClient(
  env: MockEnv,
  client: { client_id: string; kind: InspectedClient['kind']; client_name?: string; registration: InspectedRegistration },
): Promise<string> {
  const now = env.now();
  const token = randomValue();
  const record: InspectedClient = {
    ...client,
    registrationAccessToken: token,
    registeredAt: now,
    expiresAt: now + INSPECTION_LIFETIME_SECONDS * 1000,
    runs: [],
  };
  await env.store.set(clientKey(client.client_id), record, INSPECTION_LIFETIME_SECONDS);
  await env.store.update<number>(ACTIVE_UNTIL_KEY, (until) => ({ value: Math.max(until ?? 0, record.expiresAt), ttlSeconds: INSPECTION_LIFETIME_SECONDS }));
  return token;
}

/**
 * Whether any client is inspected now. One read per request: a room whose
 * apps nobody inspects pays nothing more for the inspector (no copies of
 * bodies, no records).
 */
export async function inspecting(env: MockEnv): Promise<boolean> {
  const until = await env.store.get<number>(ACTIVE_UNTIL_KEY);
  return until !== undefined && until > env.now();
}

export async function findInspected(store: Store, clientId: string): Promise<InspectedClient | undefined> {
  return store.get<InspectedClient>(clientKey(clientId));
}

const ttlLeft = (env: MockEnv, client: InspectedClient) => Math.max(1, Math.ceil((client.expiresAt - env.now()) / 1000));

/** Start a run (dropping the oldest beyond MAX_RUNS); answers its id. */
export async function startRun(env: MockEnv, clientId: string, run: Omit<Run, 'id' | 'requests' | 'dropped' | 'codesIssued'>): Promise<string | undefined> {
  const id = randomValue(9);
  const { after } = await env.store.update<InspectedClient>(clientKey(clientId), (client) =>
    client
      ? {
          value: { ...client, runs: [...client.runs, { ...run, id, requests: [], dropped: 0, codesIssued: [] }].slice(-MAX_RUNS) },
          ttlSeconds: ttlLeft(env, client),
        }
      : undefined,
  );
  return after?.runs.some((r) => r.id === id) ? id : undefined;
}

/** Change one run in one step (no other request in between). */
export async function updateRun(env: MockEnv, clientId: string, runId: string, change: (run: Run) => Run): Promise<void> {
  await env.store.update<InspectedClient>(clientKey(clientId), (client) => {
    if (!client || !client.runs.some((r) => r.id === runId)) return undefined;
    return { value: { ...client, runs: client.runs.map((r) => (r.id === runId ? change(r) : r)) }, ttlSeconds: ttlLeft(env, client) };
  });
}

export function appendRequest(run: Run, ...requests: RecordedRequest[]): Run {
  const room = Math.max(0, MAX_REQUESTS - run.requests.length);
  return { ...run, requests: [...run.requests, ...requests.slice(0, room)], dropped: run.dropped + Math.max(0, requests.length - room) };
}

export async function link(env: MockEnv, kind: LinkKind, value: string, target: RunLink, ttlSeconds = INSPECTION_LIFETIME_SECONDS): Promise<void> {
  await env.store.set(linkKey(kind, value), target, ttlSeconds);
}

export async function findLink(store: Store, kind: LinkKind, value: string): Promise<RunLink | undefined> {
  return store.get<RunLink>(linkKey(kind, value));
}

/** Discovery names no client: the last few are kept, and an authorize request that follows takes the one for its issuer. */
export async function rememberDiscovery(env: MockEnv, request: RecordedRequest): Promise<void> {
  await env.store.update<RecentDiscovery[]>(DISCOVERY_KEY, (list) => ({
    value: [...(list ?? []).filter((d) => d.request.at > env.now() - LINK_WINDOW_SECONDS * 1000), { request }].slice(-RECENT_DISCOVERY),
    ttlSeconds: LINK_WINDOW_SECONDS,
  }));
}

/** Take the latest unclaimed discovery of this issuer that `fits`, for a run. */
export async function claimDiscovery(
  env: MockEnv,
  issuer: string,
  runId: string,
  fits: (request: RecordedRequest) => boolean,
): Promise<RecordedRequest | undefined> {
  let taken: RecordedRequest | undefined;
  const since = env.now() - LINK_WINDOW_SECONDS * 1000;
  await env.store.update<RecentDiscovery[]>(DISCOVERY_KEY, (list) => {
    if (!list) return undefined;
    const index = list.findLastIndex((d) => !d.claimedBy && d.request.at >= since && d.request.url.startsWith(`${issuer}/.well-known/`) && fits(d.request));
    if (index < 0) return undefined;
    taken = list[index].request;
    return { value: list.map((d, i) => (i === index ? { ...d, claimedBy: runId } : d)), ttlSeconds: LINK_WINDOW_SECONDS };
  });
  return taken;
}
