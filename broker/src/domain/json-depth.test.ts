import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth, jsonDepth } from './json-depth.ts';

const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('jsonDepth', () => {
  it.each([
    [1, 0],
    ['text', 0],
    [null, 0],
    [{}, 1],
    [[1, 2], 1],
    [{ a: [1] }, 2],
    [{ a: 1, b: { c: { d: [] } } }, 4],
  ])('%j nests %i levels', (value, depth) => {
    expect(jsonDepth(value)).toBe(depth);
  });

  it('measures 1 000 000 levels without overflowing the stack (the check is iterative)', () => {
    expect(jsonDepth(nested(1_000_000))).toBe(1_000_000);
  });

  it('stops counting past the limit', () => {
    expect(jsonDepth(nested(5_000), 100)).toBe(101);
    expect(exceedsJsonDepth(nested(100), 100)).toBe(false);
    expect(exceedsJsonDepth(nested(101), 100)).toBe(true);
  });

  it('finds the deep branch among wide shallow ones', () => {
    const wide = { list: Array.from({ length: 10_000 }, () => ({ a: 1 })), deep: nested(150) };
    expect(exceedsJsonDepth(wide, 100)).toBe(true);
  });
});
