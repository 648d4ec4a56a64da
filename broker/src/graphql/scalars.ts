// The two custom scalars: DateTime (ISO-8601 strings) and JSON (any JSON value, as is).
import { graphqlRuntime } from './graphql-runtime.ts';

const { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } = graphqlRuntime;

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue(value) {
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime()))
      throw new GraphQLError('DateTime must be an ISO-8601 string, e.g. 2024-05-01T12:00:00Z');
    return date;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || Number.isNaN(new Date(ast.value).getTime()))
      throw new GraphQLError('DateTime must be an ISO-8601 string, e.g. 2024-05-01T12:00:00Z');
    return new Date(ast.value);
  },
});

export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
