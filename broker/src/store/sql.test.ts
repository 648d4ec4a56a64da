import { describe, expect, test } from 'vitest';
import { jsonbText, sql } from './sql.ts';

describe('the sql tagged template', () => {
  test('turns every interpolated value into a numbered parameter, never into text', () => {
    const name = "Robert'); DROP TABLE pacticipants;--";
    expect(sql`SELECT id FROM pacticipants WHERE name = ${name} AND id > ${3}`.toQuery()).toEqual({
      text: 'SELECT id FROM pacticipants WHERE name = $1 AND id > $2',
      values: [name, 3],
    });
  });

  test('splices nested fragments in and renumbers their parameters', () => {
    const byName = (n: string) => sql`name = ${n}`;
    const query = sql`SELECT * FROM t WHERE a = ${1} AND ${byName('x')} AND b = ${2} OR ${byName('y')}`;
    expect(query.toQuery()).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND name = $2 AND b = $3 OR name = $4',
      values: [1, 'x', 2, 'y'],
    });
  });

  test('joins fragments with a separator; an empty list is empty text', () => {
    const conditions = [sql`a = ${1}`, sql`b = ${2}`, sql`c IS NULL`];
    expect(sql`WHERE ${sql.join(conditions, sql` AND `)}`.toQuery()).toEqual({
      text: 'WHERE a = $1 AND b = $2 AND c IS NULL',
      values: [1, 2],
    });
    expect(sql`(${sql.join([sql`${'a'}`, sql`${'b'}`])})`.toQuery()).toEqual({ text: '($1, $2)', values: ['a', 'b'] });
    expect(sql`x${sql.join([])}y`.toQuery()).toEqual({ text: 'xy', values: [] });
  });

  test('a shared parameter (sql.param) is one $n wherever it appears, even in nested fragments', () => {
    const ids = sql.param([1, 2, 3]);
    const inner = sql`v.id = ANY(${ids}::int[])`;
    const query = sql`SELECT ${'label'} FROM v WHERE ${inner} OR v.parent = ANY(${ids}::int[]) LIMIT ${10}`;
    expect(query.toQuery()).toEqual({
      text: 'SELECT $1 FROM v WHERE v.id = ANY($2::int[]) OR v.parent = ANY($2::int[]) LIMIT $3',
      values: ['label', [1, 2, 3], 10],
    });
  });

  test('the text depends only on the shape of the statement, so the hot pool can prepare it once', () => {
    const lookup = (id: number) => sql`SELECT * FROM versions WHERE id = ${id}`.toQuery();
    expect(lookup(1).text).toBe(lookup(2).text);
  });

  test('raw text and identifiers come from constants; an identifier is quoted and checked', () => {
    expect(sql`SELECT count(*) FROM ${sql.identifier('pact_versions')} ${sql.raw('FOR UPDATE')}`.toQuery().text).toBe(
      'SELECT count(*) FROM "pact_versions" FOR UPDATE',
    );
    expect(() => sql.identifier('x"; DROP TABLE y; --' as 'x')).toThrow(/not a plain identifier/);
    // @ts-expect-error -- text of unknown origin (type string) is refused at compile time
    sql.raw(String(Math.random()));
  });

  test('undefined is sent as NULL; other values reach the driver as they are', () => {
    const when = new Date('2024-01-02T03:04:05Z');
    expect(sql`VALUES (${undefined}, ${null}, ${when}, ${{ a: 1 }})`.toQuery().values).toEqual([null, null, when, { a: 1 }]);
  });

  test('sql.empty adds nothing', () => {
    expect(sql`SELECT 1${sql.empty}`.toQuery()).toEqual({ text: 'SELECT 1', values: [] });
  });
});

describe('jsonbText: a value as jsonb parameter text', () => {
  test('a lone surrogate becomes U+FFFD; a pair, an escaped backslash before "ud800" and other escapes are kept', () => {
    const value = { lone: 'a\ud800b\udfff', pair: '\ud83d\ude00', literal: '\\ud800', evenBackslashes: '\\\ud800', ['k\udc00']: '\u0007' };
    const text = jsonbText(value)!;
    expect(JSON.parse(text)).toEqual({
      lone: 'a\ufffdb\ufffd',
      pair: '😀',
      literal: '\\ud800',
      evenBackslashes: '\\\ufffd',
      'k\ufffd': '\u0007',
    });
    expect(text).not.toMatch(/(?<!\\)(?:\\\\)*\\ud[89a-f]/i);
  });

  test('null and undefined are NULL; anything else is its JSON', () => {
    expect(jsonbText(null)).toBeNull();
    expect(jsonbText(undefined)).toBeNull();
    expect(jsonbText([1, 'x', { a: true }])).toBe('[1,"x",{"a":true}]');
  });
});
