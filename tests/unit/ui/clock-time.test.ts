import { describe, expect, it } from 'vitest';
import { clockTime } from '../../../src/ui/format';

describe('clockTime', () => {
  it('shows the local time of day as HH:MM:SS, 24-hour', () => {
    const at = new Date(2026, 10, 30, 7, 5, 9);
    expect(clockTime(at.toISOString())).toBe('07:05:09');
    expect(clockTime(new Date(2026, 10, 30, 23, 59, 0).getTime())).toBe('23:59:00');
  });

  it('shows a value that is not a time as it is, rather than "Invalid Date"', () => {
    expect(clockTime('not a time')).toBe('not a time');
  });
});
