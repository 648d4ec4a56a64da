import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth, jsonDepth, textNestingDepth } from './json-depth.ts';

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

describe('textNestingDepth', () => {
  const yaml = (n: number) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ` 1`;
  it.each([
    ['JSON', '{"a": [1, {"b": 2}]}', false, 3],
    ['brackets inside strings', '{"a": "[[[[{{{{", "b": "\\"[["}', false, 1],
    ['a protobuf message in a message', 'message A { message B { string c = 1; } }', false, 2],
    ['YAML blocks', 'a:\n  b:\n    c: 1\n  d: 2\ne: 3', true, 3],
    ['YAML sequences', 'a:\n  - b: 1\n    c:\n      - - 2', true, 5],
    ['a YAML block scalar is text', 'a: |\n      deep\n          deeper\n              deepest\nb: 1', true, 1],
    ['an apostrophe in plain YAML text is not a quote', "a: it's\nb: [1, [2]]", true, 2],
  ])('%s', (_label, text, yamlBlocks, depth) => {
    expect(textNestingDepth(text, { limit: 100, yamlBlocks })).toBe(depth);
  });

  it('stops past the limit on 100 000 levels of brackets or indentation', () => {
    expect(textNestingDepth('['.repeat(100_000), { limit: 100, yamlBlocks: false })).toBe(101);
    expect(textNestingDepth(yaml(5_000), { limit: 100, yamlBlocks: true })).toBe(101);
  });
});
