import { defineStep, StepFailure } from '../../flow';
import type { BackendState } from '../state';
import { generateSigningKey, importSigningKey, jwksOf, KeyImportError } from '../keys';
import { keyStore, type StoredKey } from '../key-store';
import { BACKEND_SPEC } from '../specs';
import type { Ctx } from './common';

function describeCryptoKey(key: CryptoKey): string {
  const algorithm = key.algorithm as { name: string; hash?: { name: string }; namedCurve?: string };
  const detail = algorithm.hash?.name ?? algorithm.namedCurve ?? '';
  return `CryptoKey { type: "${key.type}", algorithm: ${algorithm.name}${detail ? ` ${detail}` : ''}, extractable: ${key.extractable}, usages: ${JSON.stringify(key.usages)} }`;
}

async function obtainKey(ctx: Ctx): Promise<{ key: StoredKey; how: string }> {
  const s = ctx.state;
  if (s.keySource === 'import') {
    // The pasted text is cleared once imported; a later run reuses the stored key.
    if (!s.importText.trim() && s.kid) {
      const existing = await keyStore().get(s.kid);
      if (existing?.source === 'imported' && existing.alg === s.alg) return { key: existing, how: 'imported earlier (kept in this browser)' };
    }
    try {
      return { key: await importSigningKey(s.importText, s.alg), how: 'imported from the pasted text' };
    } catch (e) {
      if (e instanceof KeyImportError) {
        throw new StepFailure({ code: 'key_import', message: e.message, hint: e.hint, spec: BACKEND_SPEC.jwk });
      }
      throw e;
    }
  }
  if (s.keepKey && s.kid) {
    const existing = await keyStore().get(s.kid);
    if (existing && existing.alg === s.alg && existing.source !== 'failure-demo' && existing.publicJwk) {
      return { key: existing, how: 'reused from the last run (kept in this browser)' };
    }
  }
  return { key: await generateSigningKey(s.alg), how: 'generated in this browser with WebCrypto' };
}

export const makeKey = defineStep<BackendState>({
  id: 'key',
  title: 'Make or import the key pair',
  why: 'A backend client proves who it is with a signature, not a password. It keeps a private key and gives the server only the public key; the private key here is a non-extractable CryptoKey, so even this page cannot read it out, only sign with it.',
  spec: [BACKEND_SPEC.registration, BACKEND_SPEC.thumbprint, BACKEND_SPEC.webCryptoKeys],
  actors: ['backend-client'],
  channel: 'local',
  carries: 'a key pair made in the browser',
  async run(ctx) {
    const { key, how } = await obtainKey(ctx);
    await keyStore().put(key);
    const publicJwk = key.publicJwk!;
    // The pasted private key leaves the run's state, so it is neither kept in the tab nor in an export.
    ctx.setState({ kid: key.id, publicJwk, ...(key.source === 'imported' ? { importText: '' } : {}) });
    ctx.addArtifact({
      kind: 'value',
      label: 'kid',
      value: key.id,
      note:
        key.source === 'imported' && publicJwk.kid !== undefined
          ? 'The kid the key came with.'
          : 'The RFC 7638 thumbprint of the public key: a name derived from the key itself.',
    });
    ctx.addArtifact({ kind: 'json', label: `Public key (JWK, ${ctx.state.alg})`, value: publicJwk });
    ctx.addArtifact({ kind: 'json', label: 'JWK Set to register', value: jwksOf(publicJwk) });
    ctx.addArtifact({
      kind: 'value',
      label: 'Private key',
      value: describeCryptoKey(key.signingKey),
      note: `The private key was ${how}. It is a non-extractable CryptoKey kept in this browser's IndexedDB: it can sign, but its bits cannot be exported, shown or sent.${key.source === 'imported' ? ' The pasted text has been cleared from the set-up; clear your clipboard too.' : ''}`,
    });
    return { kind: 'done' };
  },
});
