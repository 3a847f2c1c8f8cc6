import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeSetup, setupQuery, type LinkContext } from '../../../src/app/setup-link';
import { medmijSetupLink } from '../../../src/flows/medmij/setup-link';
import { medmijModule, type MedMijState } from '../../../src/flows/medmij/index';
import { SIMULATIONS } from '../../../src/flows/medmij/exceptions';
import { demoDigidAccounts } from '../../../mocks/public';
import { openLink, throughLink } from '../../support/setup-link';

const ctx: LinkContext = { origin: 'http://localhost:5173', mode: 'mock' };
const d = medmijModule.initialState(ctx);
type S = MedMijState;
const setupOf = (s: S) => ({
  lang: s.lang,
  zorgaanbieder: s.zorgaanbieder,
  gegevensdienst: s.gegevensdienst,
  scopeForm: s.scopeForm,
  accountHint: s.accountHint,
  simulate: s.simulate,
});

describe('MedMij Verzamelen: the set-up as a link', () => {
  it('the defaults make an empty link', () => {
    expect(setupQuery(encodeSetup(medmijSetupLink, d, ctx))).toBe('');
  });

  it('every option comes back from its link', () => {
    const variants: [string, S][] = [
      ['Nederlands', { ...d, lang: 'nl' }],
      ['another zorgaanbieder and dienst', { ...d, zorgaanbieder: 'huisartsvandam@medmij', gegevensdienst: '49' }],
      ['scope 2.x', { ...d, scopeForm: '2.x' }],
      ...demoDigidAccounts().map((a): [string, S] => [`account ${a.bsn}`, { ...d, accountHint: a.bsn }]),
      ...SIMULATIONS.filter((s) => s.id !== 'none').map((s): [string, S] => [s.id, { ...d, simulate: s.id }]),
    ];
    for (const [what, s] of variants) {
      const { query, back, problems } = throughLink(medmijSetupLink, s, d, ctx);
      expect(problems, what).toEqual([]);
      expect(query, what).not.toBe('');
      expect(setupOf(back), `${what}: ${query}`).toEqual(setupOf(s));
    }
  });

  it('a Dutch under-16 link reads as it is written', () => {
    const { state, problems } = openLink(medmijSetupLink, 'lang=nl&error=under-16&scope=2.x', d, ctx);
    expect(problems).toEqual([]);
    expect(setupOf(state)).toMatchObject({ lang: 'nl', simulate: 'under-16', scopeForm: '2.x' });
  });

  it('never writes a code, a state, a token or an answer, whatever the state holds', () => {
    const MARK = 'T0KEN';
    fc.assert(
      fc.property(fc.constantFrom(...SIMULATIONS.map((s) => s.id)), fc.string(), (simulate, noise) => {
        const state: S = {
          ...d,
          simulate,
          sentState: MARK,
          code: MARK + noise,
          accessToken: MARK,
          callbackUrl: `https://pgo/cb?code=${MARK}`,
          authorizeUrl: `https://as/?state=${MARK}`,
          tokenAnswer: { status: 200, headers: {}, body: MARK },
          clientId: MARK,
          scope: MARK,
        };
        const query = setupQuery(encodeSetup(medmijSetupLink, state, ctx));
        expect(decodeURIComponent(query.replace(/\+/g, ' '))).not.toContain(MARK);
      }),
    );
  });

  it('reports every value it cannot read and keeps that default', () => {
    const bad = { lang: 'de', zorgaanbieder: 'Ziekenhuis X', dienst: 'a b', scope: '3.x', account: '123456789', error: 'meteor-strike' };
    const { state, problems } = openLink(medmijSetupLink, new URLSearchParams(bad).toString(), d, ctx);
    expect(problems.map((p) => p.param).sort()).toEqual(Object.keys(bad).sort());
    expect(problems.find((p) => p.param === 'lang')).toMatchObject({ value: 'de', accepted: 'en, nl' });
    expect(problems.find((p) => p.param === 'error')?.accepted).toContain('consent-deny');
    expect(setupOf(state)).toEqual(setupOf(d));
  });
});
