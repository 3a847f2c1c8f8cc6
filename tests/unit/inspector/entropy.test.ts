import { describe, expect, it } from 'vitest';
import { estimateEntropy } from '../../../mocks/inspector/entropy';

describe('state entropy estimate (length × log2 of the smallest usual alphabet)', () => {
  it('counts 32 random bytes in base64url (43 characters) as 256 bits', () => {
    expect(estimateEntropy('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toMatchObject({ bits: 258, alphabet: 'base64url' });
  });
  it("counts fhirclient's default state (16 letters and digits) as about 95 bits", () => {
    expect(estimateEntropy('aZ3kQ9mP2xW7rT5v')).toMatchObject({ bits: 95, alphabet: 'letters and digits', length: 16 });
  });
  it('counts hex at 4 bits and digits at log2(10) per character', () => {
    expect(estimateEntropy('0123456789abcdef0123456789abcdef').bits).toBe(128);
    expect(estimateEntropy('1234567890').bits).toBe(33);
  });
  it('knows a version 4 UUID holds 122 bits, not 36 × 4', () => {
    expect(estimateEntropy('3f2504e0-4f89-41d3-9a0c-0305e82c3301')).toMatchObject({ bits: 122, alphabet: 'UUID version 4' });
  });
  it('explains itself', () => {
    expect(estimateEntropy('abc123').explanation).toBe('6 characters × log2(16) (hexadecimal) ≈ 24 bits at most');
    expect(estimateEntropy('xyz123').explanation).toBe('6 characters × log2(62) (letters and digits) ≈ 35 bits at most');
  });
});
