import type { Store } from '../core/store';

/**
 * What the EHR remembers about one EHR launch: the `launch` parameter it hands
 * the app is an opaque id for this record. The authorization server reads it
 * back when the app sends the same `launch` to the authorize endpoint.
 */
export interface LaunchContextRecord {
  id: string;
  /** The FHIR base (iss) the app was launched against; the app's `aud` must be the same. */
  iss: string;
  patient: string;
  practitioner: string;
  /** `Practitioner/{id}`: the EHR's signed-in user. */
  fhirUser: string;
  encounter?: string;
  need_patient_banner: boolean;
  smart_style_url: string;
  launchUrl: string;
  /** epoch ms */
  createdAt: number;
}

/**
 * Ten minutes: long enough to read the launch step in the playground before
 * continuing, short enough that a stale launch link fails as it would in a real EHR.
 * A launch id may be used more than once within that time (an app reload re-sends it).
 */
export const LAUNCH_TTL_SECONDS = 600;

const launchKey = (id: string) => `smart:launch:${id}`;

export async function saveLaunchContext(store: Store, record: LaunchContextRecord): Promise<void> {
  await store.set(launchKey(record.id), record, LAUNCH_TTL_SECONDS);
}

export async function findLaunchContext(store: Store, id: string): Promise<LaunchContextRecord | undefined> {
  return store.get<LaunchContextRecord>(launchKey(id));
}

/** `{origin}/mock/smart/smart-style.json`: the style the app may follow (context-style). */
export function smartStyleUrl(origin: string): string {
  return `${origin}/mock/smart/smart-style.json`;
}
