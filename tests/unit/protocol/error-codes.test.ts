import { describe, expect, it } from 'vitest';
import { OAUTH_ERROR_CODES, PLAYGROUND_ERROR_CODES } from '../../../src/protocol/error-codes';
import { KNOWN_OAUTH_ERROR_CODES } from '../../../src/protocol/errors';

describe('the error codes a step can end with', () => {
  it('the typed OAuth codes are exactly the ones the playground explains', () => {
    expect([...OAUTH_ERROR_CODES].sort()).toEqual([...KNOWN_OAUTH_ERROR_CODES].sort());
  });

  it("the playground's own codes never pass for an OAuth code", () => {
    expect(PLAYGROUND_ERROR_CODES.filter((c) => (OAUTH_ERROR_CODES as readonly string[]).includes(c))).toEqual([]);
  });
});
