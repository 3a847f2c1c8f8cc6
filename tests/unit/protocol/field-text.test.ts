import { describe, expect, it } from 'vitest';
import { fieldText } from '../../../src/protocol/field-text';

describe('fieldText', () => {
  it('shows a server field as the page should: a string as sent, another value as JSON, a missing one as the fallback', () => {
    expect(fieldText('patient/*.rs')).toBe('patient/*.rs');
    expect(fieldText(1767225600)).toBe('1767225600');
    expect(fieldText(false)).toBe('false');
    // A server that sends an object where a string belongs: the page shows what it sent, not "[object Object]".
    expect(fieldText({ reference: 'Patient/123' })).toBe('{"reference":"Patient/123"}');
    expect(fieldText(['a', 'b'])).toBe('["a","b"]');
    expect(fieldText(undefined, '(absent)')).toBe('(absent)');
    expect(fieldText(null)).toBe('');
  });
});
