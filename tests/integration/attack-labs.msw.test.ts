/**
 * The attack labs against the real mock servers under msw/node: each attack
 * succeeds with its defence off and is refused, with the spec's error, with it
 * on. Every assertion reads the servers' own recorded answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeMocks } from '../../mocks/node';
import { runLab, type Defence, type LabRun } from '../../src/labs/lab';
import { LABS, findLab } from '../../src/labs/registry';
import type { Exchange } from '../../src/journal/types';

const ORIGIN = 'http://localhost';
const mocks = createNodeMocks({ appOrigins: [ORIGIN] });
beforeAll(() => mocks.msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => mocks.msw.close());

type Http = Extract<Exchange, { kind: 'http' }>;

async function run(id: string, defence: Defence): Promise<LabRun> {
  const lab = findLab(id);
  if (!lab) throw new Error(`no lab ${id}`);
  return runLab(lab, { defence, fetch: (i, o) => fetch(i, o), origin: ORIGIN });
}

const step = (r: LabRun, id: string) => {
  const s = r.steps.find((x) => x.id === id);
  if (!s) throw new Error(`step ${id} did not run; ran: ${r.steps.map((x) => x.id).join(', ')}`);
  return s;
};
const http = (r: LabRun, id: string): Http[] => step(r, id).exchanges.filter((e): e is Http => e.kind === 'http');
const json = (e: Http) => JSON.parse(e.response?.body ?? '{}') as Record<string, unknown>;
const tokenCalls = (r: LabRun, id: string) => http(r, id).filter((e) => e.request.url.endsWith('/auth/token'));

describe('attack labs under msw/node', () => {
  it('every lab has a title, a one-line attack, an RFC 9700 link and the line that prevents it', () => {
    expect(LABS.map((l) => l.id)).toEqual(['login-csrf', 'code-interception', 'code-replay', 'open-redirector', 'mix-up']);
    for (const lab of LABS) {
      expect(lab.spec.url).toMatch(/^https:\/\/www\.rfc-editor\.org\/rfc\/rfc9700#section-/);
      expect(lab.prevention.length).toBeGreaterThan(0);
      expect(lab.prevention[0].where).toMatch(/\.ts/);
    }
  });

  describe('login CSRF', () => {
    it('defence off: the app redeems the attacker’s code and the victim holds the attacker’s account', async () => {
      const r = await run('login-csrf', 'off');
      expect(r.outcome.kind).toBe('attack-succeeded');
      const [token] = tokenCalls(r, 'redeem');
      expect(token.response?.status).toBe(200);
      expect(json(token).patient).toBe('p-bram');
      const read = http(r, 'victim-reads')[0];
      expect(read.response?.status).toBe(200);
      expect(json(read).id).toBe('p-bram');
    });

    it('defence on: the real state check refuses the callback (state_mismatch) and no code is redeemed', async () => {
      const r = await run('login-csrf', 'on');
      expect(r.outcome).toMatchObject({ kind: 'attack-refused', error: 'state_mismatch', stepId: 'check-state' });
      expect(r.steps.some((s) => s.id === 'redeem')).toBe(false);
    });
  });

  describe('authorization code interception', () => {
    it('defence off (pkce-optional, no challenge): the stolen code alone buys the victim’s tokens', async () => {
      const r = await run('code-interception', 'off');
      expect(r.outcome.kind).toBe('attack-succeeded');
      const calls = tokenCalls(r, 'redeem-stolen');
      expect(calls).toHaveLength(1);
      expect(calls[0].request.body).not.toContain('code_verifier');
      expect(calls[0].response?.status).toBe(200);
      expect(json(calls[0]).patient).toBe('p-anna');
      expect(http(r, 'use-stolen')[0].response?.status).toBe(200);
    });

    it('defence on (S256): without the verifier the server refuses, with a guessed one invalid_grant', async () => {
      const r = await run('code-interception', 'on');
      expect(r.outcome).toMatchObject({ kind: 'attack-refused', error: 'invalid_grant', stepId: 'redeem-stolen' });
      const [noVerifier, guessed] = tokenCalls(r, 'redeem-stolen');
      expect(noVerifier.response?.status).toBe(400);
      expect(json(noVerifier).error).toBe('invalid_request');
      expect(guessed.response?.status).toBe(400);
      expect(json(guessed).error).toBe('invalid_grant');
    });
  });

  describe('code replay', () => {
    it('defence off (code-reuse): the replayed token request is answered with tokens and the first token still works', async () => {
      const r = await run('code-replay', 'off');
      expect(r.outcome.kind).toBe('attack-succeeded');
      const [replay] = tokenCalls(r, 'replay');
      const [first] = tokenCalls(r, 'redeem');
      expect(replay.request.body).toBe(first.request.body);
      expect(replay.response?.status).toBe(200);
      expect(http(r, 'first-token-after')[0].response?.status).toBe(200);
    });

    it('defence on: the replay gets invalid_grant and the first access token is revoked at the FHIR server', async () => {
      const r = await run('code-replay', 'on');
      expect(r.outcome).toMatchObject({ kind: 'attack-refused', error: 'invalid_grant', stepId: 'replay' });
      expect(http(r, 'first-token-works')[0].response?.status).toBe(200);
      expect(tokenCalls(r, 'replay')[0].response?.status).toBe(400);
      expect(http(r, 'first-token-after')[0].response?.status).toBe(401);
    });
  });

  describe('open redirector', () => {
    it('defence off (redirect-uri-prefix): the code goes to the attacker’s host, who redeems it', async () => {
      const r = await run('open-redirector', 'off');
      expect(r.outcome.kind).toBe('attack-succeeded');
      const sent = step(r, 'victim-signs-in').exchanges.filter((e) => e.kind === 'redirect' && e.direction === 'outgoing');
      const last = sent[sent.length - 1];
      expect(last.kind === 'redirect' && new URL(last.url).host).toBe('portal.example.evil.example');
      expect(last.kind === 'redirect' && new URL(last.url).searchParams.get('code')).toBeTruthy();
      const [token] = tokenCalls(r, 'attacker-redeems');
      expect(token.response?.status).toBe(200);
      expect(json(token).patient).toBe('p-anna');
    });

    it('defence on: exact matching refuses the request with an error shown to the user, no redirect', async () => {
      const r = await run('open-redirector', 'on');
      expect(r.outcome).toMatchObject({ kind: 'attack-refused', error: 'invalid_request', stepId: 'victim-signs-in' });
      const view = http(r, 'victim-signs-in')[0];
      expect(view.response?.status).toBe(400);
      expect(json(view)).toMatchObject({ screen: 'error', error: 'invalid_request' });
      expect(json(view).location).toBeUndefined();
    });
  });

  describe('mix-up', () => {
    it('defence off: the honest server’s code and the verifier reach the attacker’s token endpoint; the attacker redeems them', async () => {
      const r = await run('mix-up', 'off');
      expect(r.outcome.kind).toBe('attack-succeeded');
      const honestIssuer = String(json(http(r, 'two-servers')[0]).issuer);
      const attackerToken = String(json(http(r, 'two-servers')[1]).token_endpoint);
      const [toAttacker] = tokenCalls(r, 'code-to-attacker');
      expect(toAttacker.request.url).toBe(attackerToken);
      expect(toAttacker.request.body).toMatch(/code=.+&.*code_verifier=/);
      const [atHonest] = tokenCalls(r, 'attacker-redeems');
      expect(atHonest.request.url.startsWith(honestIssuer.replace(/\/fhir$/, ''))).toBe(true);
      expect(atHonest.response?.status).toBe(200);
    });

    it('defence on: the callback’s iss names the honest server, not the one the app chose: issuer_mismatch, no code sent', async () => {
      const r = await run('mix-up', 'on');
      expect(r.outcome).toMatchObject({ kind: 'attack-refused', error: 'issuer_mismatch', stepId: 'check-callback' });
      expect(r.steps.some((s) => s.id === 'code-to-attacker')).toBe(false);
    });
  });
});
