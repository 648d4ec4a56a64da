// Property-based tests of the content identity (issue #6): a pact version is the SHA-256 of its
// canonical JSON, so the same content published twice is stored once (Pact Broker content SHA rule)
// and any change of content is a new pact version. content-hash.test.ts covers reversed keys and
// top-level changes; these go deeper: random key orders at every level, arbitrary whitespace in the
// text, and a change of one value anywhere in the tree.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalJson, type JsonValue } from './canonical-json.ts';
import { contentSha } from './content-hash.ts';

const json = fc.jsonValue({ maxDepth: 5 }) as fc.Arbitrary<JsonValue>;
const WHITESPACE = [' ', '\n', '\t', '\r\n', '  '];

/** Rebuilds `value` with every object's keys in an order chosen by `seed` (a deterministic shuffle). */
function shuffleKeys(value: JsonValue, seed: number): JsonValue {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i + 1));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  // Fisher–Yates driven by a tiny LCG, so a failing case is reproducible from fast-check's seed.
  let s = seed >>> 0;
  for (let i = keys.length - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const j = s % (i + 1);
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  // Object.fromEntries defines own properties, so a generated "__proto__" key stays a plain key (as JSON.parse makes it).
  return Object.fromEntries(keys.map((k, i) => [k, shuffleKeys(value[k]!, seed * 31 + i)]));
}

/** The JSON text of `value` with whitespace between every token, chosen by `pick`. */
function spacedText(value: JsonValue, pick: () => string): string {
  if (Array.isArray(value)) return `[${pick()}${value.map((v) => spacedText(v, pick)).join(`${pick()},${pick()}`)}${pick()}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.keys(value).map((k) => `${pick()}${JSON.stringify(k)}${pick()}:${pick()}${spacedText(value[k]!, pick)}${pick()}`);
  return `{${entries.join(',')}${pick()}}`;
}

type Path = Array<string | number>;

/** Every position in the tree (the root included), as paths of keys and indexes. */
function positions(value: JsonValue, path: Path = []): Path[] {
  const here = [path];
  if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => positions(v, [...path, i])));
  if (value !== null && typeof value === 'object')
    return here.concat(Object.keys(value).flatMap((k) => positions(value[k]!, [...path, k])));
  return here;
}

function replaceAt(value: JsonValue, path: Path, replacement: JsonValue): JsonValue {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  const obj = value as Record<string, JsonValue>;
  return Object.fromEntries(Object.keys(obj).map((k) => [k, k === head ? replaceAt(obj[k]!, rest, replacement) : obj[k]!]));
}

function valueAt(value: JsonValue, path: Path): JsonValue {
  return path.reduce<JsonValue>((v, key) => (v as Record<string | number, JsonValue>)[key]!, value);
}

describe('content hash properties (issue #6)', () => {
  test('the hash is invariant under any key order, at every depth', () => {
    fc.assert(
      fc.property(json, fc.nat(), (value, seed) => {
        expect(contentSha(shuffleKeys(value, seed))).toBe(contentSha(value));
      }),
      { numRuns: 300 },
    );
  });

  test('the hash is invariant under any whitespace between tokens of the published text', () => {
    fc.assert(
      fc.property(json, fc.array(fc.constantFrom('', ...WHITESPACE), { minLength: 1, maxLength: 20 }), (value, spaces) => {
        let i = 0;
        const text = spacedText(value, () => spaces[i++ % spaces.length]!);
        expect(contentSha(JSON.parse(text) as JsonValue)).toBe(contentSha(value));
      }),
      { numRuns: 300 },
    );
  });

  test('replacing the value at any position with a different value changes the hash', () => {
    fc.assert(
      fc.property(json, fc.nat(), json, (value, index, replacement) => {
        const all = positions(value);
        const path = all[index % all.length]!;
        // "Different" is judged on the canonical form: 1 and 1.0, or -0 and 0, are the same JSON value.
        fc.pre(canonicalJson(valueAt(value, path)) !== canonicalJson(replacement));
        expect(contentSha(replaceAt(value, path, replacement))).not.toBe(contentSha(value));
      }),
      { numRuns: 500 },
    );
  });

  test('canonical JSON is a fixed point: parsing it and canonicalising again gives the same text', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  test('two values hash the same only when their canonical texts are equal', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(contentSha(a) === contentSha(b)).toBe(canonicalJson(a) === canonicalJson(b));
      }),
      { numRuns: 300 },
    );
  });
});
