import { describe, expect, it } from 'vitest';
import { PageStack, formatDuration, formatTime } from './format';

describe('PageStack', () => {
  it('goes forward with cursors and back to the first page', () => {
    const first = new PageStack();
    const third = first.next('c1').next('c2');
    expect([first.current, first.pageNumber, first.hasPrevious]).toEqual([null, 1, false]);
    expect([third.current, third.pageNumber]).toEqual(['c2', 3]);
    expect(third.previous().current).toBe('c1');
    expect(third.previous().previous().previous().current).toBeNull();
  });
});

describe('format', () => {
  it('shows times in UTC and durations in minutes and seconds', () => {
    expect(formatTime('2026-11-01T08:03:04.567+00:00')).toBe('2026-11-01 08:03:04 UTC');
    expect(formatDuration(95.4)).toBe('1 min 35 s');
    expect(formatDuration(7)).toBe('7 s');
  });
});
