import { expect } from 'vitest';
import { zorgaanbiederEndpoints } from '../../../../mocks/medmij/endpoints';
import { encodeMedMijScenario, type MedMijScenario } from '../../../../mocks/medmij/scenario';
import { browse, createTestMocks, ORIGIN, pageAction } from './mocks';

export const REDIRECT = `${ORIGIN}/callback`;

export function authorizeUrl(params: Record<string, string | undefined>, za = 'umcharderwijk', scenario: MedMijScenario = {}) {
  const url = new URL(zorgaanbiederEndpoints(ORIGIN, za, encodeMedMijScenario(scenario)).authorize);
  const all = { response_type: 'code', client_id: 'localhost', redirect_uri: REDIRECT, scope: '4', state: 's-123', ...params };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.set(k, v);
  return url.href;
}

/** Authorize, then act as the user: log in at DigiD as `username` (or cancel), then answer the consent question. */
export async function run(
  mocks: ReturnType<typeof createTestMocks>,
  start: string,
  user: { username?: string; cancel?: boolean; consent?: 'allow' | 'deny' | 'maybe' } = {},
) {
  let end = await browse(mocks.server, start);
  if (end.kind === 'page' && end.url.includes('/mock/digid/')) {
    const body = user.cancel ? { action: 'cancel' } : { action: 'login', username: user.username ?? 'test-anna', password: 'Welkom01!' };
    const { screen } = await pageAction(mocks.server, end.url, body);
    expect(screen.kind).toBe('redirect');
    end = await browse(mocks.server, screen.location!);
  }
  if (end.kind === 'page' && end.url.includes('/oauth/consent')) {
    const { screen } = await pageAction(mocks.server, end.url, { action: 'decide', decision: user.consent ?? 'allow' });
    expect(screen.kind).toBe('redirect');
    end = await browse(mocks.server, screen.location!);
  }
  return end;
}
