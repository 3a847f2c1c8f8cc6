import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeSetup, secretsLeftOut, setupQuery, type LinkContext } from '../../../src/app/setup-link';
import { backendSetupLink } from '../../../src/flows/backend-services/setup-link';
import { ATTACKS, V1_SCOPE, initialBackendState, type BackendState } from '../../../src/flows/backend-services/state';
import { openLink, throughLink } from '../../support/setup-link';

const ORIGIN = 'http://localhost:5173';
const mock: LinkContext = { origin: ORIGIN, mode: 'mock' };
const live: LinkContext = { origin: ORIGIN, mode: 'live' };
type S = BackendState;
const setupOf = (s: S, ctx: LinkContext) => ({
  fhirBase: s.fhirBase,
  alg: s.alg,
  keySource: s.keySource,
  keepKey: s.keepKey,
  registration: s.registration,
  scope: s.scope,
  attack: s.attack,
  ...(ctx.mode === 'live' && { client_id: s.client_id }),
});

describe('Backend services: the set-up as a link', () => {
  for (const ctx of [mock, live]) {
    const d = initialBackendState(ctx);
    it(`(${ctx.mode}) the defaults make an empty link`, () => {
      expect(setupQuery(encodeSetup(backendSetupLink, d, ctx))).toBe('');
    });
    it(`(${ctx.mode}) every option comes back from its link`, () => {
      const variants: [string, S][] = [
        ['another server', { ...d, fhirBase: 'https://fhir.example.org/r4' }],
        ['ES384', { ...d, alg: 'ES384' }],
        ['import a key', { ...d, keySource: 'import' }],
        ['keep key flipped', { ...d, keepKey: !d.keepKey }],
        ['by url', { ...d, registration: 'by-url' }],
        ['v1 scope', { ...d, scope: V1_SCOPE }],
        ...ATTACKS.filter((a) => a !== 'none').map((attack): [string, S] => [attack, { ...d, attack }]),
        ...(ctx.mode === 'live' ? [['client_id', { ...d, client_id: 'my-backend' }] as [string, S]] : []),
      ];
      for (const [what, s] of variants) {
        const { query, back, problems } = throughLink(backendSetupLink, s, d, ctx);
        expect(problems, what).toEqual([]);
        expect(query, what).not.toBe('');
        expect(setupOf(back, ctx), `${what}: ${query}`).toEqual(setupOf(s, ctx));
      }
    });
  }

  it('in mock mode the client_id the mock registered (a product of the run) stays out of the link', () => {
    const d = initialBackendState(mock);
    expect(setupQuery(encodeSetup(backendSetupLink, { ...d, client_id: 'bs-123', kid: 'abc' }, mock))).toBe('');
  });

  it('never writes the pasted private key, an assertion or a token, whatever the state holds', () => {
    const MARK = 'PRIVATE';
    fc.assert(
      fc.property(
        fc.constantFrom(mock, live),
        fc.constantFrom(...ATTACKS),
        fc.constantFrom('generate', 'import'),
        fc.string(),
        (ctx, attack, keySource, noise) => {
          const state = {
            ...initialBackendState(ctx),
            attack,
            keySource,
            importText: `-----BEGIN PRIVATE KEY-----${MARK}${noise}`,
            clientAssertion: `eyJ${MARK}`,
            accessToken: `${MARK}${noise}`,
            assertionClaims: { jti: MARK },
            signingKeyId: MARK,
            publicJwk: { kty: 'EC', d: MARK },
          } as S;
          const query = setupQuery(encodeSetup(backendSetupLink, state, ctx));
          expect(decodeURIComponent(query.replace(/\+/g, ' '))).not.toContain(MARK);
        },
      ),
    );
  });

  it('says when a pasted private key is left out', () => {
    const d = initialBackendState(mock);
    expect(secretsLeftOut(backendSetupLink, { ...d, keySource: 'import', importText: '-----BEGIN PRIVATE KEY-----' }, d, mock)).toEqual([
      'The private key is not in the link: attendees paste their own.',
    ]);
    expect(secretsLeftOut(backendSetupLink, { ...d, keySource: 'import' }, d, mock)).toEqual([]);
  });

  it('reports every value it cannot read and keeps that default', () => {
    const d = initialBackendState(mock);
    const bad = {
      alg: 'HS256',
      key: 'borrow',
      keep_key: 'maybe',
      register: 'by-email',
      scope: 'system/Patient.rs\\x',
      attack: 'ddos',
      server: 'ftp://x',
      client_id: 'x',
    };
    const { state, problems } = openLink(backendSetupLink, new URLSearchParams(bad).toString(), d, mock);
    expect(problems.map((p) => p.param).sort()).toEqual(Object.keys(bad).sort());
    expect(problems.find((p) => p.param === 'alg')).toMatchObject({ value: 'HS256', accepted: 'RS384, ES384' });
    expect(problems.find((p) => p.param === 'attack')?.accepted).toContain('replayed-jti');
    expect(setupOf(state, mock)).toEqual(setupOf(d, mock));
  });
});
