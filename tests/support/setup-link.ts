import { decodeSetup, encodeSetup, setupQuery, type LinkContext, type SetupLinkSpec } from '../../src/app/setup-link';

/** The link a state makes, and the set-up that link gives back on the flow's defaults. */
export function throughLink<S>(spec: SetupLinkSpec<S>, state: S, defaults: S, ctx: LinkContext) {
  const query = setupQuery(encodeSetup(spec, state, ctx));
  const decoded = decodeSetup(spec, new URLSearchParams(query), defaults, ctx);
  return { query, back: { ...defaults, ...decoded.setup }, problems: decoded.problems };
}

/** Reads a hand-written link. */
export function openLink<S>(spec: SetupLinkSpec<S>, query: string, defaults: S, ctx: LinkContext) {
  const decoded = decodeSetup(spec, new URLSearchParams(query), defaults, ctx);
  return { ...decoded, state: { ...defaults, ...decoded.setup } };
}
