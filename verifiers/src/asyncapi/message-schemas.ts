/**
 * Validating pact values (message contents, metadata) against the payload and header schemas of an AsyncAPI
 * document. The schemas are prepared as the pact-against-OpenAPI check prepares response schemas (objects closed,
 * `required` dropped: a consumer may rely on a subset of a message, never on a field the document does not
 * promise), with `$ref`s inlined from the publication's files. AsyncAPI schemas are a JSON Schema draft-07 superset.
 */
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isObject, type JsonValue } from '../jsonschema/schema-refs.ts';
import { prepareSchema } from '../openapi/schema-preparation.ts';
import type { AsyncApiFiles } from './asyncapi-files.ts';

export interface ValueError {
  /** where in the value, e.g. `.items[2].name` (empty for the value itself) */
  readonly path: string;
  /** the problem with where it is, e.g. `/amount must be integer` */
  readonly message: string;
  /** the keyword that failed (additionalProperties: a name the schema does not declare) */
  readonly keyword: string;
  /** for additionalProperties: the undeclared name */
  readonly property: string | undefined;
}

/** Identifiers that would clash once references are inlined (the same `$id` twice), and dialect markers ajv would look up. */
const IDENTIFYING_KEYWORDS = new Set(['$id', '$schema', '$anchor', '$dynamicAnchor', '$comment']);
const LITERALS = new Set(['enum', 'const', 'default', 'examples']);

/** Keywords whose members are named by the user (property names), not keywords. */
const NAMED_MEMBERS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

function withoutIdentifiers(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIdentifiers);
  if (!isObject(node as JsonValue)) return node;
  return Object.fromEntries(
    Object.entries(node as Record<string, unknown>)
      .filter(([k]) => !IDENTIFYING_KEYWORDS.has(k))
      .map(([k, v]) => [k, LITERALS.has(k) ? v : NAMED_MEMBERS.has(k) ? membersWithoutIdentifiers(v) : withoutIdentifiers(v)]),
  );
}

function membersWithoutIdentifiers(members: unknown): unknown {
  if (!isObject(members as JsonValue)) return members;
  return Object.fromEntries(Object.entries(members as Record<string, unknown>).map(([name, s]) => [name, withoutIdentifiers(s)]));
}

export class MessageSchemas {
  /** `$ref`s that did not resolve (the check is then undecided, not passed) */
  readonly unresolved = new Set<string>();
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly files: AsyncApiFiles) {
    addFormats.default(this.ajv);
  }

  /** The schema a node stands for, its `$ref`s followed (undefined when one does not resolve). */
  resolved(node: unknown): JsonValue | undefined {
    return this.files.follow(node as JsonValue, this.files.root, '').value;
  }

  /** Validates `value` against `schema` (closed and relaxed, see above); a schema that cannot be compiled is one error. */
  validate(schema: JsonValue, value: unknown): ValueError[] {
    const deref = (node: unknown): unknown => {
      const ref = isObject(node as JsonValue) ? (node as Record<string, unknown>)['$ref'] : undefined;
      if (typeof ref !== 'string') return node;
      const target = this.files.resolve(ref);
      if (!target) {
        this.unresolved.add(ref);
        return {};
      }
      return target.value;
    };
    const prepared = withoutIdentifiers(prepareSchema(schema, { response: true, openapi30: false, deref }));
    const key = JSON.stringify(prepared) ?? '{}';
    let validate = this.compiled.get(key);
    try {
      validate ??= this.ajv.compile(isObject(prepared as JsonValue) ? (prepared as object) : {});
      this.compiled.set(key, validate);
    } catch (err) {
      const message = `the schema in the AsyncAPI document cannot be used: ${err instanceof Error ? err.message : String(err)}`;
      return [{ path: '', message, keyword: 'schema', property: undefined }];
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => {
      const property = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty?: string }).additionalProperty : undefined;
      return {
        path: e.instancePath
          .split('/')
          .slice(1)
          .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s.replace(/~1/g, '/').replace(/~0/g, '~')}`))
          .join(''),
        message: `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${property === undefined ? '' : ` (${JSON.stringify(property)})`}`,
        keyword: e.keyword,
        property,
      };
    });
  }
}
