import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalJson, type JsonValue } from './canonical-json.ts';
import { contentSha } from './content-hash.ts';

/** Re-creates a value with every object's keys in reverse (or shuffled) order. */
function reorderKeys(value: JsonValue, pick: (keys: string[]) => string[]): JsonValue {
  if (Array.isArray(value)) return value.map((v) => reorderKeys(v, pick));
  if (value === null || typeof value !== 'object') return value;
  // fromEntries defines own properties, so a "__proto__" key (valid JSON) stays a key instead of setting the prototype.
  return Object.fromEntries(pick(Object.keys(value)).map((key) => [key, reorderKeys(value[key]!, pick)]));
}

const json = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<JsonValue>;

describe('canonicalJson', () => {
  test.each([
    ['sorts keys', { b: 1, a: { d: [1, { z: 0, y: 1 }], c: null } }, '{"a":{"c":null,"d":[1,{"y":1,"z":0}]},"b":1}'],
    ['keeps array order', [3, 1, 2], '[3,1,2]'],
    ['escapes strings like JSON', { 'k"ey': 'line\nbreak' }, '{"k\\"ey":"line\\nbreak"}'],
    ['writes numbers in shortest form', { n: 1.5e3 }, '{"n":1500}'],
    ['handles the empty object', {}, '{}'],
    ['keeps a "__proto__" key as data', JSON.parse('{"b":1,"__proto__":[]}') as JsonValue, '{"__proto__":[],"b":1}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe('contentSha (identical content is one pact version, Pact Broker content SHA rule)', () => {
  test('is 64 lowercase hex characters', () => {
    expect(contentSha({ consumer: { name: 'a' } })).toMatch(/^[0-9a-f]{64}$/);
  });

  test('formatting and key order never change the hash', () => {
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 8 }), (value, indent) => {
        const reversed = reorderKeys(value, (keys) => [...keys].reverse());
        const reformatted = JSON.parse(JSON.stringify(reversed, null, indent)) as JsonValue;
        expect(contentSha(reformatted)).toBe(contentSha(value));
      }),
    );
  });

  test('changing any leaf value changes the hash', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json, { minKeys: 1 }), fc.nat(), json, (doc, index, replacement) => {
        const keys = Object.keys(doc);
        const key = keys[index % keys.length]!;
        fc.pre(canonicalJson(doc[key]) !== canonicalJson(replacement));
        expect(contentSha({ ...doc, [key]: replacement })).not.toBe(contentSha(doc));
      }),
    );
  });

  test('a string "1" and a number 1 hash differently', () => {
    expect(contentSha({ v: '1' })).not.toBe(contentSha({ v: 1 }));
  });
});
