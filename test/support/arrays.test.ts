/** appendAll: what `push(...from)` does, without its argument-count limit. */
import { describe, expect, it } from 'vitest';
import { appendAll } from '../../src/support/arrays.ts';

describe('appendAll', () => {
  it('appends in order and returns the target', () => {
    const to = [1, 2];
    expect(appendAll(to, [3, 4])).toBe(to);
    expect(to).toEqual([1, 2, 3, 4]);
    expect(appendAll([0], new Set([5, 6]))).toEqual([0, 5, 6]);
  });

  it('takes a million elements, where push(...from) overflows the stack', () => {
    const from = new Array<number>(1_000_000).fill(7);
    expect(() => [].push(...(from as never[]))).toThrow(RangeError);
    expect(appendAll([], from)).toHaveLength(1_000_000);
  });
});
