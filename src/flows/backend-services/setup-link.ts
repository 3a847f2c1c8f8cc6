import { httpUrl, oneOf, type LinkContext, type SetupLinkSpec, type SetupParam } from '../../app/setup-link';
import { validateScopes } from '../../protocol/scopes';
import { ATTACKS, DEFAULT_SCOPE, initialBackendState, type BackendState } from './state';

/**
 * The backend services set-up as a link: `server` (a FHIR base other than
 * the mock's), `client_id` (live mode), `alg`, `key` (generate, import),
 * `keep_key`, `register` (by-value, by-url), `scope` and `attack`. The private
 * key pasted for `key=import` has no parameter: attendees paste their own.
 */

type S = BackendState;
type Param = SetupParam<S>;

const defaults = (ctx: LinkContext) => initialBackendState(ctx);

const server: Param = {
  name: 'server',
  write: (s, ctx) => (s.fhirBase && s.fhirBase !== defaults(ctx).fhirBase ? s.fhirBase : undefined),
  read: (v) => httpUrl(v, (fhirBase) => ({ fhirBase })),
};

// In mock mode the client_id is what registration (step 2) returned: a product of the run, not a choice.
const clientId: Param = {
  name: 'client_id',
  write: (s, ctx) => (ctx.mode === 'live' && s.client_id ? s.client_id : undefined),
  read: (v, _s, ctx) => {
    if (ctx.mode !== 'live') {
      return { ok: false, why: 'in mock mode the client_id is given by the mock at registration (step 2)', accepted: 'a client_id only in live mode' };
    }
    return /^[\x20-\x7E]+$/.test(v)
      ? { ok: true, patch: { client_id: v } }
      : { ok: false, why: 'a client_id is printable ASCII', accepted: 'the client_id your server registered' };
  },
};

const alg: Param = {
  name: 'alg',
  write: (s) => (s.alg !== 'RS384' ? s.alg : undefined),
  read: (v) => oneOf(v, ['RS384', 'ES384'] as const, (a) => ({ alg: a })),
};

const key: Param = {
  name: 'key',
  write: (s) => (s.keySource !== 'generate' ? s.keySource : undefined),
  read: (v) => oneOf(v, ['generate', 'import'] as const, (keySource) => ({ keySource })),
};

const keepKey: Param = {
  name: 'keep_key',
  write: (s, ctx) => (s.keepKey !== defaults(ctx).keepKey ? (s.keepKey ? 'yes' : 'no') : undefined),
  read: (v) => oneOf(v, ['yes', 'no'] as const, (k) => ({ keepKey: k === 'yes' })),
};

const register: Param = {
  name: 'register',
  write: (s) => (s.registration !== 'by-value' ? s.registration : undefined),
  read: (v) => oneOf(v, ['by-value', 'by-url'] as const, (registration) => ({ registration })),
};

const scope: Param = {
  name: 'scope',
  write: (s) => (s.scope !== DEFAULT_SCOPE ? s.scope : undefined),
  read: (v) => {
    const error = validateScopes(v).find((p) => p.severity === 'error');
    if (error) return { ok: false, why: error.message, accepted: `space-separated system/ scopes (+ in a link), such as "${DEFAULT_SCOPE}"` };
    return { ok: true, patch: { scope: v } };
  },
};

const attack: Param = { name: 'attack', write: (s) => (s.attack !== 'none' ? s.attack : undefined), read: (v) => oneOf(v, ATTACKS, (a) => ({ attack: a })) };

export const backendSetupLink: SetupLinkSpec<S> = {
  params: [server, clientId, alg, key, keepKey, register, scope, attack],
  fields: ['fhirBase', 'alg', 'keySource', 'keepKey', 'registration', 'scope', 'attack'],
  leftOut: [{ field: 'importText', note: 'The private key is not in the link: attendees paste their own.' }],
  // client_id is set by a link only in live mode; in mock mode registration fills it.
  derive: (s, ctx) => (ctx.mode === 'live' ? { client_id: s.client_id } : {}),
};
