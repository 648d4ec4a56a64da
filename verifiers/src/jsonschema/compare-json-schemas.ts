/**
 * compareJsonSchemas: Confluent Schema Registry-style compatibility of a new JSON Schema version against earlier ones.
 */
import { planFor, type CompatibilityMode, type Direction } from './compatibility-modes.ts';
import { isCompatibleChange, type CompatibilityPolicy, type SchemaChange } from './difference-types.ts';
import { validateMetaSchema } from './meta-schema-validation.ts';
import { compareSchemas, type DiffContext } from './schema-diff.ts';
import { isObject, RefResolver, type JsonValue, type SchemaPublication } from './schema-refs.ts';
import type { CompatibilityResult } from '../compatibility.ts';

export type { JsonValue, SchemaPublication } from './schema-refs.ts';

/** A bare schema, or a publication: the schema plus the files it `$ref`s. */
export type JsonSchemaInput = JsonValue | SchemaPublication;

export interface CompareJsonSchemasOptions {
  /** default BACKWARD */
  readonly mode?: CompatibilityMode;
  /** default STRICT (Confluent's default) */
  readonly policy?: CompatibilityPolicy;
}

export interface SchemaProblem {
  /** 'current' or the index of the earlier version in the list given */
  readonly version: 'current' | number;
  /** '' for the root schema, else the referenced file's name */
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

export interface BreakingSchemaChange extends SchemaChange {
  readonly direction: Direction;
  /** index of the earlier version this change was found against */
  readonly againstVersion: number;
}

/**
 * - `compatible`: every difference is in the mode's compatible set (`changes` lists them, e.g. DESCRIPTION_CHANGED).
 * - `incompatible`: at least one difference is not; `breakingChanges` says which, in which direction, against which version.
 * - `unknown`: the diff met a construct it does not analyse (e.g. `if`/`then`) or could not validate; never read as compatible.
 * - `invalid`: a schema fails its meta-schema or a `$ref` does not resolve.
 */
/** `changes`: every difference found, breaking or not. */
export type JsonSchemaCompatibility = CompatibilityResult<
  BreakingSchemaChange,
  SchemaProblem,
  { readonly changes: readonly SchemaChange[] }
>;

const isPublication = (v: JsonSchemaInput): v is SchemaPublication =>
  isObject(v as JsonValue) &&
  'schema' in (v as object) &&
  'references' in (v as object) &&
  isObject((v as SchemaPublication).references as JsonValue);
const asPublication = (v: JsonSchemaInput): SchemaPublication => (isPublication(v) ? v : { schema: v as JsonValue, references: {} });

function validate(pub: SchemaPublication, version: 'current' | number): SchemaProblem[] {
  const errors: SchemaProblem[] = [];
  for (const [file, doc] of [['', pub.schema] as const, ...Object.entries(pub.references)]) {
    const result = validateMetaSchema(doc);
    if (result.status === 'invalid') errors.push(...result.errors.map((e) => ({ version, file, path: e.path, message: e.message })));
  }
  errors.push(...new RefResolver(pub).danglingRefs().map((d) => ({ version, file: d.doc, path: d.pointer, message: d.message })));
  return errors;
}

/** Differences for original (writer) → update (reader). */
export function diffSchemas(
  original: SchemaPublication,
  update: SchemaPublication,
  policy: CompatibilityPolicy = 'STRICT',
): { changes: SchemaChange[]; undecided: string[] } {
  const ctx: DiffContext = {
    original: new RefResolver(original),
    update: new RefResolver(update),
    policy,
    inProgress: new Set(),
    memo: new Map(),
    undecided: [],
  };
  const changes: SchemaChange[] = [];
  compareSchemas(ctx, ctx.original.root(), ctx.update.root(), '', changes);
  return { changes, undecided: [...new Set(ctx.undecided)] };
}

/**
 * @param previous the latest earlier version, or all earlier versions oldest first (needed by *_TRANSITIVE modes)
 * @param current the version being checked
 */
export function compareJsonSchemas(
  previous: JsonSchemaInput | readonly JsonSchemaInput[],
  current: JsonSchemaInput,
  options: CompareJsonSchemasOptions = {},
): JsonSchemaCompatibility {
  const mode = options.mode ?? 'BACKWARD';
  const policy = options.policy ?? 'STRICT';
  // a schema is an object or a boolean, never an array: an array is the list of earlier versions
  const versions = (Array.isArray(previous) ? (previous as readonly JsonSchemaInput[]) : [previous as JsonSchemaInput]).map(asPublication);
  const now = asPublication(current);
  const checks = [validate(now, 'current'), ...versions.map((v, i) => validate(v, i))];
  const errors = checks.flat();
  if (errors.length > 0) return { status: 'invalid', errors };

  const plan = planFor(mode);
  const against = plan.transitive ? versions.map((_, i) => i).reverse() : versions.length > 0 ? [versions.length - 1] : [];
  const changes: SchemaChange[] = [];
  const reasons: string[] = [];
  for (const index of against) {
    const earlier = versions[index];
    if (!earlier) continue;
    const breaking: BreakingSchemaChange[] = [];
    for (const direction of plan.directions) {
      const diff = direction === 'backward' ? diffSchemas(earlier, now, policy) : diffSchemas(now, earlier, policy);
      changes.push(...diff.changes);
      reasons.push(...diff.undecided);
      breaking.push(
        ...diff.changes.filter((c) => !isCompatibleChange(c.type, policy)).map((c) => ({ ...c, direction, againstVersion: index })),
      );
    }
    // like Confluent's validateAll: stop at the first version that fails
    if (breaking.length > 0) return { status: 'incompatible', breakingChanges: breaking, changes };
  }
  if (reasons.length > 0) return { status: 'unknown', reasons: [...new Set(reasons)], changes };
  return { status: 'compatible', changes };
}
