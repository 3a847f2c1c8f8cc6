import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { importSigningKey, KeyImportError } from '../../../src/flows/backend-services/keys';

describe('importing a private key', () => {
  it('imports a PKCS#8 PEM as a non-extractable key and derives the public JWK with its thumbprint as kid', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS384', { extractable: true });
    const key = await importSigningKey(await exportPKCS8(privateKey), 'RS384');
    const expectedPublic = await exportJWK(publicKey);
    expect(key.signingKey.extractable).toBe(false);
    expect(key.publicJwk).toMatchObject({ kty: 'RSA', n: expectedPublic.n, e: expectedPublic.e, alg: 'RS384', use: 'sig' });
    expect(key.publicJwk).not.toHaveProperty('d');
    expect(key.id).toBe(await calculateJwkThumbprint(expectedPublic));
  });

  it('imports a private JWK and keeps its own kid', async () => {
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    const key = await importSigningKey(JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'my-key-2025' }), 'ES384');
    expect(key.id).toBe('my-key-2025');
    expect(Object.keys(key.publicJwk!).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  });

  it('explains why a pasted key cannot be used', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    const cases: [string, 'RS384' | 'ES384', RegExp][] = [
      ['', 'RS384', /No key was pasted/],
      [await exportPKCS8(privateKey), 'RS384', /RS384/],
      [JSON.stringify(await exportJWK(publicKey)), 'ES384', /public key/],
      ['-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----', 'RS384', /PKCS#8/],
      ['not a key', 'RS384', /neither a PEM nor JSON/],
    ];
    for (const [text, alg, message] of cases) {
      const error = await importSigningKey(text, alg).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeyImportError);
      expect((error as KeyImportError).message).toMatch(message);
      expect((error as KeyImportError).hint.length).toBeGreaterThan(10);
    }
  });
});
