import { describe, expect, it } from 'vitest';
import { bytesToBase64, decodeRedirectMessage, deflateRaw, encodeRedirectMessage, inflateRaw } from '../../../mocks/digid/saml/encoding';
import { parseXml } from '../../../mocks/digid/saml/xml';
import { buildAuthnRequest, parseArtifactResolve, parseAuthnRequest } from '../../../mocks/digid/saml/messages';

/**
 * A SAML endpoint reads what a stranger sends: a DEFLATE bomb or a deeply
 * nested document must be refused at the limit, not inflated or walked whole
 * while every other request waits. (How long that takes is for the benchmark
 * to measure, not a timed test.)
 */
describe('SAML message limits', () => {
  it('refuses a DEFLATE bomb (a few hundred KB that inflate to 30 MB) quickly and says why', async () => {
    const bomb = await deflateRaw(`<a>${'A'.repeat(30 * 1024 * 1024)}</a>`);
    expect(bomb.byteLength).toBeLessThan(200 * 1024);
    await expect(decodeRedirectMessage(bytesToBase64(bomb))).rejects.toThrow(/larger than 256 KB/);
  });

  it('still inflates an ordinary AuthnRequest', async () => {
    const xml = buildAuthnRequest({
      id: '_abc',
      issueInstant: '2026-01-01T00:00:00Z',
      destination: 'http://127.0.0.1:4010/mock/digid/sso',
      issuer: 'http://127.0.0.1:4010/sp',
      assertionConsumerServiceUrl: 'http://127.0.0.1:4010/acs',
      level: 'midden',
    });
    const decoded = await decodeRedirectMessage(await encodeRedirectMessage(xml));
    expect(parseAuthnRequest(decoded).id).toBe('_abc');
    expect(await inflateRaw(await deflateRaw('x'.repeat(1000)))).toHaveLength(1000);
  });

  it('refuses deeply nested XML fast, naming the limit', () => {
    const depth = 100_000;
    const deep = `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
    expect(() => parseXml(deep)).toThrow(/nested more than 64 deep/);
  });

  it('refuses a document with too many elements, and a SAML message over 256 KB, fast', () => {
    const wide = `<r>${'<a/>'.repeat(50_000)}</r>`;
    expect(() => parseXml(wide)).toThrow(/More than 20000 elements/);

    const big = `<samlp:ArtifactResolve xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${'<x/>'.repeat(100_000)}</samlp:ArtifactResolve>`;
    expect(() => parseArtifactResolve(big)).toThrow(/longer than/);
  });

  it('reads 700 KB of flat, legal XML (no limit refuses a legal document)', () => {
    const text = `<r>${`<a x="1">${'t'.repeat(32)}</a>`.repeat(16_000)}</r>`;
    expect(text.length).toBeGreaterThan(700 * 1024);
    expect(parseXml(text).documentElement.children).toHaveLength(16_000);
  });
});
