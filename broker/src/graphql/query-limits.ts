// Limits on what one GraphQL operation may ask for (issue #11), as graphql-js validation rules, checked before
// graphql's own rules and before anything runs:
//  - depth: the deepest nesting of fields (pacticipant → versions → nodes → pacticipant → ...);
//  - aliases: fields renamed with an alias, which is how one request repeats an expensive field many times;
//  - cost: an estimate of the objects the operation resolves. A field with a `first` argument multiplies what is
//    under it by `first` (its value, its variable, or its default); any other list field by DEFAULT_LIST_SIZE,
//    except the lists of a page (a *Connection or *Page type), whose size the `first` above them already counts.
// checkQueryLimits runs them directly on a parsed document (route.ts, before graphql's own rules); queryLimitRules
// wraps them as a graphql-js validation rule. Introspection (`__schema`, `__type`, GraphiQL's full query) is not counted: its size is bounded by the schema.
// Refusals are GraphQL errors with extensions.code QUERY_TOO_DEEP, TOO_MANY_ALIASES or QUERY_TOO_COSTLY and the
// limit in extensions. Written for graphql 17: an argument's default is `default` (a value or, from SDL, a literal);
// the deprecated `defaultValue` is not filled from SDL any more and goes in graphql 18.
import type {
  ASTVisitor,
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLArgument,
  GraphQLCompositeType,
  GraphQLError as GraphQLErrorType,
  GraphQLField,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
  ValueNode,
} from 'graphql';
import { graphqlRuntime } from './graphql-runtime.ts';

const { GraphQLError, Kind, getNamedType, getNullableType, isCompositeType, isListType, isObjectType, isInterfaceType } = graphqlRuntime;

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

export const QueryLimitCode = {
  tooDeep: 'QUERY_TOO_DEEP',
  tooManyAliases: 'TOO_MANY_ALIASES',
  tooCostly: 'QUERY_TOO_COSTLY',
} as const;

/** How many items a list without a `first` argument is assumed to hold. */
export const DEFAULT_LIST_SIZE = 5;
/** The `first` assumed when a variable gives none and the field declares no default (the largest page). */
const UNKNOWN_PAGE_SIZE = 100;

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
}

type Variables = Readonly<Record<string, unknown>> | null | undefined;

/**
 * Measures one operation: depth, aliases and estimated cost, with fragments expanded (a fragment cycle is
 * left to graphql's NoFragmentCyclesRule: it is not followed twice on one path).
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const root = schema.getRootType(operation.operation);
  let aliases = 0;
  let maxDepth = 0;

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType | undefined, depth: number, onPath: Set<string>): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        if (selection.alias) aliases += 1;
        maxDepth = Math.max(maxDepth, depth);
        cost += fieldCost(selection, parent, depth, onPath);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        cost += walk(selection.selectionSet, isCompositeType(condition) ? condition : undefined, depth, onPath);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || onPath.has(name)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        cost += walk(fragment.selectionSet, isCompositeType(condition) ? condition : undefined, depth, new Set([...onPath, name]));
      }
    }
    return cost;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLCompositeType | undefined, depth: number, onPath: Set<string>): number => {
    if (!node.selectionSet) return 0;
    const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[node.name.value] : undefined;
    const type = definition ? getNamedType(definition.type) : undefined;
    const children = walk(node.selectionSet, isCompositeType(type) ? type : undefined, depth + 1, onPath);
    return multiplier(node, definition, parent) * (1 + children);
  };

  const multiplier = (
    node: FieldNode,
    definition: GraphQLField<unknown, unknown> | undefined,
    parent: GraphQLCompositeType | undefined,
  ) => {
    const first = definition?.args.find((a) => a.name === 'first');
    if (first) return Math.max(1, pageSizeOf(node, declaredDefault(first), variables));
    if (!definition || !isListType(getNullableType(definition.type))) return 1;
    return parent && /(Connection|Page)$/.test(parent.name) ? 1 : DEFAULT_LIST_SIZE;
  };

  const cost = root ? walk(operation.selectionSet, root, 1, new Set()) : 0;
  return { depth: maxDepth, aliases, cost };
}

/** An argument's declared default as a value: SDL defaults (`first: Int = 20`) are kept as literals. */
function declaredDefault(argument: GraphQLArgument): unknown {
  const declared = argument.default;
  if (!declared) return undefined;
  if (declared.literal) return declared.literal.kind === Kind.INT ? Number(declared.literal.value) : undefined;
  return declared.value;
}

function pageSizeOf(node: FieldNode, declaredDefault: unknown, variables: Variables): number {
  const argument = node.arguments?.find((a) => a.name.value === 'first');
  const fallback = typeof declaredDefault === 'number' ? declaredDefault : UNKNOWN_PAGE_SIZE;
  if (!argument) return fallback;
  return numberOf(argument.value, variables) ?? fallback;
}

function numberOf(value: ValueNode, variables: Variables): number | undefined {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const given = variables?.[value.name.value];
    return typeof given === 'number' && Number.isFinite(given) ? given : undefined;
  }
  return undefined;
}

/**
 * Checks every operation of a parsed document against the limits, without graphql's typed traversal of the whole
 * document (the route runs this before graphql's own validation, so a refused query costs a parse and one walk).
 * The errors carry extensions.code and the measured value and limit; `measures` has one entry per operation.
 */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: QueryLimits,
  variables: Variables,
): { errors: GraphQLErrorType[]; measures: OperationMeasure[] } {
  const errors: GraphQLErrorType[] = [];
  const measures: OperationMeasure[] = [];
  for (const operation of document.definitions) {
    if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
    const measure = measureOperation(schema, document, operation, variables);
    measures.push(measure);
    const refuse = (code: string, message: string, extensions: Record<string, unknown>) =>
      errors.push(new GraphQLError(message, { nodes: [operation], extensions: { code, ...extensions } }));
    if (measure.depth > limits.maxDepth)
      refuse(
        QueryLimitCode.tooDeep,
        `The query nests fields ${measure.depth} levels deep; the limit is ${limits.maxDepth} (TREATY_GRAPHQL_MAX_DEPTH). Ask for less at once, and follow the relations in separate queries.`,
        { depth: measure.depth, maxDepth: limits.maxDepth },
      );
    if (measure.aliases > limits.maxAliases)
      refuse(
        QueryLimitCode.tooManyAliases,
        `The query uses ${measure.aliases} aliases; the limit is ${limits.maxAliases} (TREATY_GRAPHQL_MAX_ALIASES). Send several smaller queries instead.`,
        { aliases: measure.aliases, maxAliases: limits.maxAliases },
      );
    if (measure.cost > limits.maxCost)
      refuse(
        QueryLimitCode.tooCostly,
        `The query's estimated cost is ${Math.round(measure.cost)}; the limit is ${limits.maxCost} (TREATY_GRAPHQL_MAX_COST). ` +
          `Each list multiplies the cost of what is under it by its size (\`first\`, or ${DEFAULT_LIST_SIZE} for lists without one): ask for smaller pages or fewer nested lists.`,
        { cost: Math.round(measure.cost), maxCost: limits.maxCost },
      );
  }
  return { errors, measures };
}

/** The same limits as a graphql-js validation rule, for `validate(schema, document, [...specifiedRules, ...rules])`. */
export function queryLimitRules(limits: QueryLimits, variables: Variables): ValidationRule[] {
  const rule = (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      for (const error of checkQueryLimits(context.getSchema(), document, limits, variables).errors) context.reportError(error);
      return false;
    },
  });
  return [rule];
}
