import { describe, expect, test } from 'vitest';
import { pactDocumentText } from './pact.ts';

const at = new Date('2026-01-02T03:04:05.000Z');
const links = { self: { href: 'http://b/pacts/x' } };
const tail = `"createdAt":"2026-01-02T03:04:05.000Z","_links":{"self":{"href":"http://b/pacts/x"}}}`;

describe('pactDocumentText (pact documents keep the published bytes)', () => {
  test.each([
    ['compact JSON', '{"consumer":{"name":"a"}}', `{"consumer":{"name":"a"},${tail}`],
    [
      'pretty JSON with a trailing newline',
      '{\n  "consumer": {\n    "name": "a"\n  }\n}\n',
      `{\n  "consumer": {\n    "name": "a"\n  },${tail}`,
    ],
    ['an empty object', '{ }', `{${tail}`],
    ['a byte order mark', '\uFEFF{"a":1}', `{"a":1,${tail}`],
    ['a nested "_links" key, which is not top-level but forces a re-serialisation', '{"a":{"_links":1}}', `{"a":{"_links":1},${tail}`],
  ])('%s', (_name, content, expected) => {
    expect(pactDocumentText(content, at, links)).toBe(expected);
  });

  test('replaces top-level _links and createdAt that the stored pact already had', () => {
    const out = JSON.parse(pactDocumentText('{"_links":{"old":{}},"createdAt":"x","a":1}', at, links)) as Record<string, unknown>;
    expect(out).toEqual({ a: 1, createdAt: at.toISOString(), _links: links });
  });
});
