import { oneOf, type LinkContext, type SetupLinkSpec, type SetupParam } from '../../app/setup-link';
import { demoDigidAccounts } from '../../../mocks/public';
import { SIMULATIONS, type Simulation } from './exceptions';
import type { MedMijState } from './state';
import { medmijModule } from './index';

/**
 * The MedMij Verzamelen set-up as a link: `lang` (en, nl), `zorgaanbieder`,
 * `dienst` (the gegevensdienst id), `scope` (1.x, 2.x), `account` (a DigiD
 * test account's BSN to preselect) and `error` (a row of the exception tables).
 * Defaults come from the flow's initial state and stay out of the link.
 */

type S = MedMijState;
type Param = SetupParam<S>;

type SetupField = 'lang' | 'zorgaanbieder' | 'gegevensdienst' | 'scopeForm' | 'accountHint' | 'simulate';

/** The defaults a link leaves out: the flow's initial set-up. */
const defaults = (ctx: LinkContext) => medmijModule.initialState(ctx);
const differs = (s: Readonly<S>, k: SetupField, ctx: LinkContext) => (s[k] !== defaults(ctx)[k] && s[k] !== '' ? String(s[k]) : undefined);
const example = (k: SetupField) => medmijModule.initialState({ origin: '', mode: 'mock' })[k];

const lang: Param = { name: 'lang', write: (s, ctx) => differs(s, 'lang', ctx), read: (v) => oneOf(v, ['en', 'nl'] as const, (l) => ({ lang: l })) };

// ZAL: Zorgaanbiedernaam is ([a-z])+@medmij. Whether the ZAL lists it, the run's first steps say.
const zorgaanbieder: Param = {
  name: 'zorgaanbieder',
  write: (s, ctx) => differs(s, 'zorgaanbieder', ctx),
  read: (v) =>
    /^[a-z]+@medmij$/.test(v)
      ? { ok: true, patch: { zorgaanbieder: v } }
      : {
          ok: false,
          why: {
            en: 'a Zorgaanbiedernaam is lower-case letters followed by @medmij (the ZAL schema)',
            nl: 'een Zorgaanbiedernaam is kleine letters gevolgd door @medmij (het ZAL-schema)',
          },
          accepted: { en: `a name from the ZAL, such as ${example('zorgaanbieder')}`, nl: `een naam uit de ZAL, zoals ${example('zorgaanbieder')}` },
        },
};

// GNL/ZAL: GegevensdienstId is a string of 1 to 30 characters.
const dienst: Param = {
  name: 'dienst',
  write: (s, ctx) => differs(s, 'gegevensdienst', ctx),
  read: (v) =>
    /^[\x21-\x7E]{1,30}$/.test(v)
      ? { ok: true, patch: { gegevensdienst: v } }
      : {
          ok: false,
          why: { en: 'a GegevensdienstId is 1 to 30 characters without spaces', nl: 'een GegevensdienstId is 1 tot 30 tekens zonder spaties' },
          accepted: { en: `an id from the GNL, such as ${example('gegevensdienst')}`, nl: `een id uit de GNL, zoals ${example('gegevensdienst')}` },
        },
};

const scope: Param = {
  name: 'scope',
  write: (s, ctx) => differs(s, 'scopeForm', ctx),
  read: (v) => oneOf(v, ['1.x', '2.x'] as const, (scopeForm) => ({ scopeForm })),
};

const account: Param = {
  name: 'account',
  write: (s, ctx) => differs(s, 'accountHint', ctx),
  read: (v) => {
    const bsns = demoDigidAccounts().map((a) => a.bsn);
    return bsns.includes(v)
      ? { ok: true, patch: { accountHint: v } }
      : {
          ok: false,
          why: { en: 'the mock DigiD has no test account with this BSN', nl: 'de mock-DigiD heeft geen testaccount met dit BSN' },
          accepted: bsns.join(', '),
        };
  },
};

const error: Param = {
  name: 'error',
  write: (s, ctx) => differs(s, 'simulate', ctx),
  read: (v) =>
    oneOf(
      v,
      SIMULATIONS.map((x) => x.id),
      (simulate: Simulation) => ({ simulate }),
    ),
};

export const medmijSetupLink: SetupLinkSpec<S> = {
  params: [lang, zorgaanbieder, dienst, scope, account, error],
  fields: ['lang', 'zorgaanbieder', 'gegevensdienst', 'scopeForm', 'accountHint', 'simulate'],
  // No typed secrets: the PGO's client is the mock's, and DigiD's password is typed at DigiD.
  leftOut: [],
};
