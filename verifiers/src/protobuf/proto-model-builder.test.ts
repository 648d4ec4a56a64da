import { describe, expect, test } from 'vitest';
import { clearParseCache, loadProtoFiles } from './proto-loader.ts';
import { defaultJsonName, mapEntryName } from './proto-model-builder.ts';
import { tokenize } from './proto-tokens.ts';

// The regex forms the hand-written loops replaced (for speed); the loops must agree with them on every name.
const regexMapEntryName = (name: string): string =>
  name.replace(/(?:^|_)([a-z0-9])/g, (_m, c: string) => c.toUpperCase()).replace(/_/g, '') + 'Entry';
const regexJsonName = (name: string): string => name.replace(/_([a-z0-9]?)/gi, (_m, c: string) => c.toUpperCase());

const NAMES = [
  'attributes',
  'foo_bar',
  'foo_bar_baz',
  '_leading',
  '__double',
  'a__b',
  'trailing_',
  'x_9',
  '_9x',
  'Foo_bar',
  'fooBar',
  'FOO_BAR',
  'a1_b2_c3',
  'a_B',
  'é_x',
  '_',
  '__',
  'a',
  'A',
];

describe('name derivation', () => {
  test.each(NAMES)('mapEntryName(%j) is protoc’s FooBarEntry form', (name) => {
    expect(mapEntryName(name)).toBe(regexMapEntryName(name));
  });
  test.each(NAMES)('defaultJsonName(%j) is the lowerCamel form', (name) => {
    expect(defaultJsonName(name)).toBe(regexJsonName(name));
  });
});

describe('syntax detection', () => {
  const syntaxOf = (source: string): string => {
    clearParseCache();
    const loaded = loadProtoFiles({ 'a.proto': source });
    if (loaded.status !== 'ok') throw new Error(JSON.stringify(loaded.errors));
    return loaded.fileSet.files[0]?.syntax ?? '';
  };
  test.each([
    ['syntax first', 'syntax = "proto3";\nmessage A { string x = 1; }', 'proto3'],
    ['leading line comment', '// header\nsyntax = "proto3";\nmessage A {}', 'proto3'],
    ['leading block comment naming another syntax', '/* syntax = "proto2"; */ syntax = "proto3";\nmessage A {}', 'proto3'],
    ['no syntax statement', 'message A { optional string x = 1; }', 'proto2'],
    ['edition', 'edition = "2023";\nmessage A { string x = 1; }', 'editions'],
  ])('%s', (_name, source, expected) => {
    expect(syntaxOf(source)).toBe(expected);
  });
});

describe('tokenize', () => {
  test('spans count lines across block comments and strings, columns are 1-based, end exclusive', () => {
    const tokens = tokenize('a /* x\ny */ "s\\"t" 1.5e-3\n  b;');
    expect(tokens.map((t) => [t.kind, t.text, t.line, t.column, t.endLine, t.endColumn])).toEqual([
      ['word', 'a', 1, 1, 1, 2],
      ['string', '"s\\"t"', 2, 6, 2, 12],
      ['number', '1.5e-3', 2, 13, 2, 19],
      ['word', 'b', 3, 3, 3, 4],
      ['punct', ';', 3, 4, 3, 5],
    ]);
  });
});
