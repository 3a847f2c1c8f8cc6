import { describe, expect, it } from 'vitest';
import { bsnLikeNumbers, passesElevenTest } from '../../../src/flows/medmij/bsn-scan';

describe('what the PGO takes for a BSN in a message', () => {
  it('the 11-test: 9×d1 + … + 2×d8 − d9 is a multiple of 11', () => {
    expect(passesElevenTest('111222333')).toBe(true); // 9+8+7+12+10+8+9+6-3 = 66
    expect(passesElevenTest('813911230')).toBe(true);
    expect(passesElevenTest('111222334')).toBe(false);
    expect(passesElevenTest('12345678')).toBe(false);
  });

  it('finds a 9-digit number on its own that passes the test: in a JSON value, an identifier, a sentence', () => {
    expect(bsnLikeNumbers('{"identifier":[{"system":"x","value":"813911230"}]}')).toEqual(['813911230']);
    expect(bsnLikeNumbers('BSN 111222333, born 1970')).toEqual(['111222333']);
    expect(bsnLikeNumbers('s00000000:111222333')).toEqual(['111222333']);
  });

  it('does not take the digits inside a UUID, a token or a decimal for a BSN', () => {
    // A Bundle id the FHIR server made up: its last group holds 813911230, which passes the 11-test.
    expect(bsnLikeNumbers('{"resourceType":"Bundle","id":"2268663d-f94d-4b68-a793-813911230a5c"}')).toEqual([]);
    expect(bsnLikeNumbers('Bearer eyJ813911230xQ')).toEqual([]);
    expect(bsnLikeNumbers('0.813911230 and 813911230.5')).toEqual([]);
    expect(bsnLikeNumbers('1813911230')).toEqual([]);
  });
});
