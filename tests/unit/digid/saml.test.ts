import { describe, expect, it } from 'vitest';
import { ARTIFACT_LENGTH, artifactIsFrom, createArtifact, parseArtifact } from '../../../mocks/digid/saml/artifact';
import { base64ToBytes, decodeRedirectMessage, encodeRedirectMessage, sha1, toHex } from '../../../mocks/digid/saml/encoding';
import { BINDING, buildAuthnRequest, levelUri, parseAuthnRequest, SamlError } from '../../../mocks/digid/saml/messages';
import { parseXml } from '../../../mocks/digid/saml/xml';

const fields = {
  id: '_3f6c1b1e-2a44-4f7e-9c1a-000000000001',
  issueInstant: '2026-03-01T09:30:00Z',
  destination: 'http://localhost/mock/digid/sso',
  assertionConsumerServiceUrl: 'http://localhost/mock/medmij/umcharderwijk/saml/acs',
  issuer: 'http://localhost/mock/medmij/umcharderwijk/saml/sp',
  level: 'substantieel' as const,
  providerName: 'UMC Harderwijk & partners',
};

describe('AuthnRequest over the HTTP-Redirect binding', () => {
  it('survives deflate-raw + base64 and back, field for field', async () => {
    const xml = buildAuthnRequest(fields);
    const encoded = await encodeRedirectMessage(xml);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // Raw DEFLATE has no zlib header (0x78): the HTTP-Redirect binding forbids one.
    expect(base64ToBytes(encoded)[0]).not.toBe(0x78);
    const decoded = await decodeRedirectMessage(encoded);
    expect(decoded).toBe(xml);
    expect(parseAuthnRequest(decoded)).toMatchObject({ ...fields, forceAuthn: false });
  });

  it("asks for the HTTP-Artifact binding and a minimum level with DigiD's AuthnContextClassRef", () => {
    const xml = buildAuthnRequest(fields);
    expect(xml).toContain(`ProtocolBinding="${BINDING.artifact}"`);
    expect(xml).toContain('Comparison="minimum"');
    expect(xml).toContain(levelUri('substantieel'));
    expect(levelUri('basis')).toBe('urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport');
  });

  it('names what is wrong in a malformed request', async () => {
    await expect(decodeRedirectMessage('not base64!')).rejects.toThrow(/not valid base64/);
    await expect(decodeRedirectMessage(btoa('plain text, not deflated'))).rejects.toThrow(/raw DEFLATE/);
    const noIssuer = buildAuthnRequest(fields).replace(/<saml:Issuer>.*<\/saml:Issuer>/, '');
    expect(() => parseAuthnRequest(noIssuer)).toThrow(/no <Issuer>/);
    const post = buildAuthnRequest(fields).replace(BINDING.artifact, 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    expect(() => parseAuthnRequest(post)).toThrow(SamlError);
  });
});

describe('SAML artifact, type 0x0004', () => {
  const entityId = 'http://localhost/mock/digid/saml/idp/metadata';

  it('is 44 bytes: TypeCode 0x0004, EndpointIndex, SourceID = SHA-1(entityID), 20-byte handle', async () => {
    const artifact = await createArtifact(entityId, 0);
    const bytes = base64ToBytes(artifact);
    expect(bytes.length).toBe(ARTIFACT_LENGTH);
    expect([bytes[0], bytes[1]]).toEqual([0x00, 0x04]);
    expect([bytes[2], bytes[3]]).toEqual([0x00, 0x00]);
    expect(toHex(bytes.slice(4, 24))).toBe(toHex(await sha1(entityId)));
    const parsed = parseArtifact(artifact);
    expect(parsed).toMatchObject({ typeCode: 4, endpointIndex: 0 });
    expect(await artifactIsFrom(parsed, entityId)).toBe(true);
    expect(await artifactIsFrom(parsed, 'https://evil.example/idp')).toBe(false);
  });

  it('has an unguessable handle: two artifacts differ only there', async () => {
    const [a, b] = [base64ToBytes(await createArtifact(entityId)), base64ToBytes(await createArtifact(entityId))];
    expect(toHex(a.slice(0, 24))).toBe(toHex(b.slice(0, 24)));
    expect(toHex(a.slice(24))).not.toBe(toHex(b.slice(24)));
  });

  it('rejects a wrong length or type code', () => {
    expect(() => parseArtifact(btoa('short'))).toThrow(/44/);
    const wrongType = new Uint8Array(44);
    wrongType[1] = 0x02;
    expect(() => parseArtifact(btoa(String.fromCharCode(...wrongType)))).toThrow(/0x0002/);
  });
});

describe('the XML reader', () => {
  it('resolves namespace prefixes and entities', () => {
    const doc = parseXml('<?xml version="1.0"?><a:x xmlns:a="urn:a"><a:y v="1 &amp; 2">t&lt;u</a:y><z/></a:x>');
    const y = doc.documentElement.children[0];
    expect([y.localName, y.namespaceURI, y.getAttribute('v'), y.textContent]).toEqual(['y', 'urn:a', '1 & 2', 't<u']);
    expect(doc.documentElement.children[1].namespaceURI).toBeNull();
  });

  it('refuses malformed XML and DTDs with the line number', () => {
    expect(() => parseXml('<a>\n<b></a>')).toThrow(/line 2/);
    expect(() => parseXml('<!DOCTYPE x [<!ENTITY e "boom">]><x/>')).toThrow(/DOCTYPE/);
    expect(() => parseXml('<p:x/>')).toThrow(/not declared/);
  });
});
