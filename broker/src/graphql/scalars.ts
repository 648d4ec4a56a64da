// The two custom scalars: DateTime (ISO-8601 strings) and JSON (any JSON value, as is).
// graphql 17's coercion names (coerceOutputValue/coerceInputValue/coerceInputLiteral): serialize, parseValue
// and parseLiteral are deprecated there and go in graphql 18. A literal reaches coerceInputLiteral with its
// variables already replaced, so JSON's `{ a: $x }` needs no variables here.
import { graphqlRuntime } from './graphql-runtime.ts';

const { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } = graphqlRuntime;

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  coerceOutputValue(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  coerceInputValue(value) {
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime()))
      throw new GraphQLError('DateTime must be an ISO-8601 string, e.g. 2024-05-01T12:00:00Z');
    return date;
  },
  coerceInputLiteral(ast) {
    if (ast.kind !== Kind.STRING || Number.isNaN(new Date(ast.value).getTime()))
      throw new GraphQLError('DateTime must be an ISO-8601 string, e.g. 2024-05-01T12:00:00Z');
    return new Date(ast.value);
  },
});

export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  coerceOutputValue: (value) => value,
  coerceInputValue: (value) => value,
  coerceInputLiteral: (ast) => valueFromASTUntyped(ast),
});
