import { describe, expect, test } from 'vitest';
import { graphqlRuntime } from './graphql-runtime.ts';
import { checkQueryLimits, queryLimitRules } from './query-limits.ts';
import { graphqlSchema } from './schema.ts';

const { parse, validate, specifiedRules } = graphqlRuntime;
const schema = graphqlSchema();
const limits = { maxDepth: 10, maxAliases: 30, maxCost: 10_000 };
const measure = (query: string, variables: Record<string, unknown> = {}) =>
  checkQueryLimits(schema, parse(query), limits, variables).measures[0]!;

describe('GraphQL query limits (issue #11)', () => {
  test('cost: a `first` multiplies what is under it; lists without one count 5; page lists are not counted twice', () => {
    expect(measure('{ pacticipant(name: "a") { name } }')).toEqual({ depth: 2, aliases: 0, cost: 1 });
    // versions(first: 20): 20 × (1 + nodes 1 × (1 + tags 5 × 1))
    expect(measure('{ pacticipant(name: "a") { versions(first: 20) { nodes { tags { name } } } } }').cost).toBe(1 + 20 * (1 + 1 * (1 + 5)));
    // a variable sizes the page; a missing one falls back to the declared default (20)
    expect(measure('query Q($n: Int) { pacticipant(name: "a") { versions(first: $n) { nodes { number } } } }', { n: 3 }).cost).toBe(
      1 + 3 * 2,
    );
    expect(measure('query Q($n: Int) { pacticipant(name: "a") { versions(first: $n) { nodes { number } } } }').cost).toBe(1 + 20 * 2);
  });

  test('fragments are expanded (aliases and depth inside them count), and a fragment cycle is not followed forever', () => {
    const m = measure('{ pacticipant(name: "a") { ...P } } fragment P on Pacticipant { x: name latestVersion { number } }');
    expect(m).toMatchObject({ aliases: 1, depth: 3 });
    const cyclic = parse('{ pacticipant(name: "a") { ...A } } fragment A on Pacticipant { latestVersion { pacticipant { ...A } } }');
    expect(checkQueryLimits(schema, cyclic, limits, {}).errors).toEqual([]);
    expect(
      validate(schema, cyclic)
        .map((e) => e.message)
        .join(),
    ).toMatch(/Cannot spread fragment "A" within itself/);
  });

  test('introspection fields are not counted', () => {
    expect(measure('{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }')).toEqual({
      depth: 0,
      aliases: 0,
      cost: 0,
    });
  });

  test('as a graphql-js validation rule beside the specified rules, refusals carry extensions.code', () => {
    const deep = parse(
      '{ pacticipant(name: "a") { latestVersion { pacticipant { latestVersion { pacticipant { latestVersion { pacticipant { latestVersion { pacticipant { latestVersion { number } } } } } } } } } } }',
    );
    const errors = validate(schema, deep, [...specifiedRules, ...queryLimitRules(limits, {})]);
    expect(errors.map((e) => e.extensions.code)).toEqual(['QUERY_TOO_DEEP']);
    expect(errors[0]!.extensions).toMatchObject({ depth: 11, maxDepth: 10 });
  });
});
