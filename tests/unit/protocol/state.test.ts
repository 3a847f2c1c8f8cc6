import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { compareState, generateState } from '../../../src/protocol/state';

describe('state', () => {
  it('carries at least 128 bits of randomness, URL-safe', () => {
    const state = generateState();
    expect(state).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(base64url.decode(state).length * 8).toBeGreaterThanOrEqual(128);
  });

  it('is not repeated and uses the whole alphabet (no constant bytes)', () => {
    const states = Array.from({ length: 200 }, () => generateState());
    expect(new Set(states).size).toBe(200);
    // Every byte position varies across 200 draws: a fixed prefix or counter would not.
    const bytes = states.map((s) => base64url.decode(s));
    for (let i = 0; i < bytes[0].length; i++) {
      expect(new Set(bytes.map((b) => b[i])).size).toBeGreaterThan(50);
    }
  });

  it('refuses to generate a state shorter than 128 bits', () => {
    expect(() => generateState(8)).toThrow(RangeError);
  });

  it('accepts only the identical state', () => {
    const sent = generateState();
    expect(compareState(sent, sent)).toEqual({ equal: true, reason: expect.stringContaining('identical') });
    const other = compareState(sent, generateState());
    expect(other.equal).toBe(false);
    expect(other.reason).toMatch(/cross-site request forgery/);
  });

  it('explains a missing, double-encoded or whitespace-padded state', () => {
    expect(compareState('abc', null)).toMatchObject({ equal: false, reason: expect.stringMatching(/no state parameter/) });
    expect(compareState(undefined, 'abc')).toMatchObject({ equal: false, reason: expect.stringMatching(/no record of sending/) });
    expect(compareState('a b', 'a%20b')).toMatchObject({ equal: false, reason: expect.stringMatching(/encoded twice/) });
    expect(compareState('abc', ' abc ')).toMatchObject({ equal: false, reason: expect.stringMatching(/whitespace/) });
  });
});
