/**
 * Confluent Schema Registry's JSON Schema difference types (json-schema-provider .../diff/Difference.java) and whether
 * each is compatible under the STRICT (default) and LENIENT policies (SchemaDiff.COMPATIBLE_CHANGES_STRICT / _LENIENT).
 * A difference is reported for original → update, where update is the reader: BACKWARD diffs old → new.
 */

export const DIFFERENCE_TYPES = {
  ID_CHANGED: { strict: true, lenient: true, meaning: '$id changed' },
  DESCRIPTION_CHANGED: { strict: true, lenient: true, meaning: 'description changed' },
  TITLE_CHANGED: { strict: true, lenient: true, meaning: 'title changed' },
  DEFAULT_CHANGED: { strict: true, lenient: true, meaning: 'default changed' },
  SCHEMA_ADDED: { strict: false, lenient: false, meaning: 'a (sub)schema exists in update where original had none' },
  SCHEMA_REMOVED: {
    strict: true,
    lenient: true,
    meaning: 'a (sub)schema present in original is absent in update (e.g. items/property schema gone ⇒ accepts anything)',
  },
  TYPE_EXTENDED: { strict: true, lenient: true, meaning: 'integer → number (requiresInteger dropped)' },
  TYPE_NARROWED: { strict: false, lenient: false, meaning: 'number → integer' },
  TYPE_CHANGED: {
    strict: false,
    lenient: false,
    meaning: 'schema kind differs (string vs object vs …); update {}/true or original false is not reported',
  },
  MAX_LENGTH_ADDED: { strict: false, lenient: false, meaning: 'maxLength keyword added' },
  MAX_LENGTH_REMOVED: { strict: true, lenient: true, meaning: 'maxLength keyword removed' },
  MAX_LENGTH_INCREASED: { strict: true, lenient: true, meaning: 'maxLength value increased' },
  MAX_LENGTH_DECREASED: { strict: false, lenient: false, meaning: 'maxLength value decreased' },
  MIN_LENGTH_ADDED: { strict: false, lenient: false, meaning: 'minLength keyword added' },
  MIN_LENGTH_REMOVED: { strict: true, lenient: true, meaning: 'minLength keyword removed' },
  MIN_LENGTH_INCREASED: { strict: false, lenient: false, meaning: 'minLength value increased' },
  MIN_LENGTH_DECREASED: { strict: true, lenient: true, meaning: 'minLength value decreased' },
  PATTERN_ADDED: { strict: false, lenient: false, meaning: 'pattern keyword added' },
  PATTERN_REMOVED: { strict: true, lenient: true, meaning: 'pattern keyword removed' },
  PATTERN_CHANGED: { strict: false, lenient: false, meaning: 'pattern value changed' },
  MAXIMUM_ADDED: { strict: false, lenient: false, meaning: 'maximum keyword added' },
  MAXIMUM_REMOVED: { strict: true, lenient: true, meaning: 'maximum keyword removed' },
  MAXIMUM_INCREASED: { strict: true, lenient: true, meaning: 'maximum value increased' },
  MAXIMUM_DECREASED: { strict: false, lenient: false, meaning: 'maximum value decreased' },
  MINIMUM_ADDED: { strict: false, lenient: false, meaning: 'minimum keyword added' },
  MINIMUM_REMOVED: { strict: true, lenient: true, meaning: 'minimum keyword removed' },
  MINIMUM_INCREASED: { strict: false, lenient: false, meaning: 'minimum value increased' },
  MINIMUM_DECREASED: { strict: true, lenient: true, meaning: 'minimum value decreased' },
  EXCLUSIVE_MAXIMUM_ADDED: { strict: false, lenient: false, meaning: 'exclusiveMaximum keyword added' },
  EXCLUSIVE_MAXIMUM_REMOVED: { strict: true, lenient: true, meaning: 'exclusiveMaximum keyword removed' },
  EXCLUSIVE_MAXIMUM_INCREASED: { strict: true, lenient: true, meaning: 'exclusiveMaximum value increased' },
  EXCLUSIVE_MAXIMUM_DECREASED: { strict: false, lenient: false, meaning: 'exclusiveMaximum value decreased' },
  EXCLUSIVE_MINIMUM_ADDED: { strict: false, lenient: false, meaning: 'exclusiveMinimum keyword added' },
  EXCLUSIVE_MINIMUM_REMOVED: { strict: true, lenient: true, meaning: 'exclusiveMinimum keyword removed' },
  EXCLUSIVE_MINIMUM_INCREASED: { strict: false, lenient: false, meaning: 'exclusiveMinimum value increased' },
  EXCLUSIVE_MINIMUM_DECREASED: { strict: true, lenient: true, meaning: 'exclusiveMinimum value decreased' },
  MULTIPLE_OF_ADDED: { strict: false, lenient: false, meaning: 'multipleOf keyword added' },
  MULTIPLE_OF_REMOVED: { strict: true, lenient: true, meaning: 'multipleOf keyword removed' },
  MULTIPLE_OF_EXPANDED: { strict: false, lenient: false, meaning: 'new multipleOf is a multiple of the old (fewer values allowed)' },
  MULTIPLE_OF_REDUCED: { strict: true, lenient: true, meaning: 'new multipleOf divides the old (more values allowed)' },
  MULTIPLE_OF_CHANGED: { strict: false, lenient: false, meaning: 'multipleOf changed, neither divides the other' },
  REQUIRED_ATTRIBUTE_ADDED: { strict: false, lenient: false, meaning: 'existing property becomes required, no default' },
  REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED: { strict: true, lenient: true, meaning: 'existing property becomes required, has default' },
  REQUIRED_ATTRIBUTE_REMOVED: { strict: true, lenient: true, meaning: 'existing property no longer required' },
  MAX_PROPERTIES_ADDED: { strict: false, lenient: false, meaning: 'maxProperties keyword added' },
  MAX_PROPERTIES_REMOVED: { strict: true, lenient: true, meaning: 'maxProperties keyword removed' },
  MAX_PROPERTIES_INCREASED: { strict: true, lenient: true, meaning: 'maxProperties value increased' },
  MAX_PROPERTIES_DECREASED: { strict: false, lenient: false, meaning: 'maxProperties value decreased' },
  MIN_PROPERTIES_ADDED: { strict: false, lenient: false, meaning: 'minProperties keyword added' },
  MIN_PROPERTIES_REMOVED: { strict: true, lenient: true, meaning: 'minProperties keyword removed' },
  MIN_PROPERTIES_INCREASED: { strict: false, lenient: false, meaning: 'minProperties value increased' },
  MIN_PROPERTIES_DECREASED: { strict: true, lenient: true, meaning: 'minProperties value decreased' },
  ADDITIONAL_PROPERTIES_ADDED: { strict: true, lenient: true, meaning: 'additionalProperties false → allowed (true/absent)' },
  ADDITIONAL_PROPERTIES_REMOVED: { strict: false, lenient: true, meaning: 'additionalProperties allowed → false' },
  ADDITIONAL_PROPERTIES_EXTENDED: { strict: true, lenient: true, meaning: 'additionalProperties schema → unconstrained' },
  ADDITIONAL_PROPERTIES_NARROWED: { strict: false, lenient: true, meaning: 'unconstrained → additionalProperties schema' },
  DEPENDENCY_ARRAY_ADDED: { strict: false, lenient: false, meaning: 'dependencies (array form) for a property keyword added' },
  DEPENDENCY_ARRAY_REMOVED: { strict: true, lenient: true, meaning: 'dependencies (array form) for a property keyword removed' },
  DEPENDENCY_ARRAY_EXTENDED: { strict: false, lenient: false, meaning: 'dependency array gains names' },
  DEPENDENCY_ARRAY_NARROWED: { strict: true, lenient: true, meaning: 'dependency array loses names' },
  DEPENDENCY_ARRAY_CHANGED: { strict: false, lenient: false, meaning: 'dependency array otherwise changed' },
  DEPENDENCY_SCHEMA_ADDED: { strict: false, lenient: false, meaning: 'dependencies (schema form) for a property keyword added' },
  DEPENDENCY_SCHEMA_REMOVED: { strict: true, lenient: true, meaning: 'dependencies (schema form) for a property keyword removed' },
  PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: { strict: false, lenient: false, meaning: '(deprecated; split into the three below)' },
  REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: {
    strict: false,
    lenient: false,
    meaning: 'new required property (no default); original object open',
  },
  REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL: {
    strict: false,
    lenient: true,
    meaning: 'new required property with default; original open',
  },
  OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: {
    strict: false,
    lenient: true,
    meaning: 'new optional property; original open (old writers may have sent that name with any type)',
  },
  PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: {
    strict: true,
    lenient: true,
    meaning: 'new property whose schema is {} / true; original open',
  },
  REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: {
    strict: false,
    lenient: false,
    meaning: 'new required property (no default); original closed or partially open',
  },
  REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL: {
    strict: true,
    lenient: true,
    meaning: 'new required property with default; original closed/partially open',
  },
  OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: {
    strict: true,
    lenient: true,
    meaning: 'new optional property; original closed/partially open',
  },
  PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL: { strict: true, lenient: true, meaning: 'property gone; update open (still accepts it)' },
  PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: {
    strict: true,
    lenient: true,
    meaning: 'property whose schema was false removed; update closed',
  },
  PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: {
    strict: false,
    lenient: true,
    meaning: 'property gone; update closed (old data with it is rejected)',
  },
  PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: {
    strict: true,
    lenient: true,
    meaning: "property gone; update's patternProperties/additionalProperties schema accepts the old property schema",
  },
  PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: {
    strict: false,
    lenient: true,
    meaning: "property gone; update's partial schema does not accept it",
  },
  PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: {
    strict: true,
    lenient: true,
    meaning: "new property; original's partial schema is compatible with it",
  },
  PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: {
    strict: false,
    lenient: true,
    meaning: "new property; original's partial schema incompatible with it",
  },
  RESERVED_PROPERTY_REMOVED: { strict: false, lenient: false, meaning: 'a confluent:reserved metadata property was dropped' },
  RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY: { strict: false, lenient: false, meaning: 'a property uses a reserved name' },
  UNEVALUATED_PROPERTIES_ADDED: { strict: true, lenient: true, meaning: 'unevaluatedProperties false → allowed' },
  UNEVALUATED_PROPERTIES_REMOVED: { strict: false, lenient: true, meaning: 'unevaluatedProperties → false' },
  UNEVALUATED_PROPERTIES_EXTENDED: { strict: true, lenient: true, meaning: 'unevaluatedProperties schema → unconstrained' },
  UNEVALUATED_PROPERTIES_NARROWED: { strict: false, lenient: true, meaning: 'unconstrained → unevaluatedProperties schema' },
  MAX_ITEMS_ADDED: { strict: false, lenient: false, meaning: 'maxItems keyword added' },
  MAX_ITEMS_REMOVED: { strict: true, lenient: true, meaning: 'maxItems keyword removed' },
  MAX_ITEMS_INCREASED: { strict: true, lenient: true, meaning: 'maxItems value increased' },
  MAX_ITEMS_DECREASED: { strict: false, lenient: false, meaning: 'maxItems value decreased' },
  MIN_ITEMS_ADDED: { strict: false, lenient: false, meaning: 'minItems keyword added' },
  MIN_ITEMS_REMOVED: { strict: true, lenient: true, meaning: 'minItems keyword removed' },
  MIN_ITEMS_INCREASED: { strict: false, lenient: false, meaning: 'minItems value increased' },
  MIN_ITEMS_DECREASED: { strict: true, lenient: true, meaning: 'minItems value decreased' },
  MAX_CONTAINS_ADDED: { strict: false, lenient: false, meaning: 'maxContains keyword added' },
  MAX_CONTAINS_REMOVED: { strict: true, lenient: true, meaning: 'maxContains keyword removed' },
  MAX_CONTAINS_INCREASED: { strict: true, lenient: true, meaning: 'maxContains value increased' },
  MAX_CONTAINS_DECREASED: { strict: false, lenient: false, meaning: 'maxContains value decreased' },
  MIN_CONTAINS_ADDED: { strict: false, lenient: false, meaning: 'minContains keyword added' },
  MIN_CONTAINS_REMOVED: { strict: true, lenient: true, meaning: 'minContains keyword removed' },
  MIN_CONTAINS_INCREASED: { strict: false, lenient: false, meaning: 'minContains value increased' },
  MIN_CONTAINS_DECREASED: { strict: true, lenient: true, meaning: 'minContains value decreased' },
  UNIQUE_ITEMS_ADDED: { strict: false, lenient: false, meaning: 'uniqueItems (true) keyword added' },
  UNIQUE_ITEMS_REMOVED: { strict: true, lenient: true, meaning: 'uniqueItems (true) keyword removed' },
  ADDITIONAL_ITEMS_ADDED: { strict: true, lenient: true, meaning: 'additionalItems false → allowed' },
  ADDITIONAL_ITEMS_REMOVED: { strict: false, lenient: false, meaning: 'additionalItems allowed → false' },
  ADDITIONAL_ITEMS_EXTENDED: { strict: true, lenient: true, meaning: 'additionalItems schema → unconstrained' },
  ADDITIONAL_ITEMS_NARROWED: { strict: false, lenient: false, meaning: 'unconstrained → additionalItems schema' },
  UNEVALUATED_ITEMS_ADDED: { strict: true, lenient: true, meaning: 'unevaluatedItems false → allowed' },
  UNEVALUATED_ITEMS_REMOVED: { strict: false, lenient: false, meaning: 'unevaluatedItems → false' },
  UNEVALUATED_ITEMS_EXTENDED: { strict: true, lenient: true, meaning: 'unevaluatedItems schema → unconstrained' },
  UNEVALUATED_ITEMS_NARROWED: { strict: false, lenient: false, meaning: 'unconstrained → unevaluatedItems schema' },
  ITEM_ADDED_TO_OPEN_CONTENT_MODEL: { strict: false, lenient: false, meaning: 'tuple (items array) gains a position; original open' },
  ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: { strict: true, lenient: true, meaning: 'tuple gains a {} position; original open' },
  ITEM_ADDED_TO_CLOSED_CONTENT_MODEL: {
    strict: true,
    lenient: true,
    meaning: 'tuple gains a position; original closed (additionalItems false)',
  },
  ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL: { strict: true, lenient: true, meaning: 'tuple loses a position; update open' },
  ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: {
    strict: true,
    lenient: true,
    meaning: 'tuple loses a false position; update closed',
  },
  ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: { strict: false, lenient: false, meaning: 'tuple loses a position; update closed' },
  ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: {
    strict: true,
    lenient: true,
    meaning: 'tuple loses a position; update additionalItems schema accepts it',
  },
  ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: { strict: false, lenient: false, meaning: '… does not accept it' },
  ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: {
    strict: true,
    lenient: true,
    meaning: 'tuple gains a position; original additionalItems schema compatible',
  },
  ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: { strict: false, lenient: false, meaning: '… not compatible' },
  ENUM_ARRAY_EXTENDED: { strict: true, lenient: true, meaning: 'enum gains values (superset)' },
  ENUM_ARRAY_NARROWED: { strict: false, lenient: false, meaning: 'enum loses values (subset)' },
  ENUM_ARRAY_CHANGED: { strict: false, lenient: false, meaning: 'enum neither superset nor subset; also any const change' },
  COMBINED_TYPE_EXTENDED: { strict: true, lenient: true, meaning: 'criterion relaxed: →anyOf, or singleton→oneOf, or allOf→singleton' },
  COMBINED_TYPE_CHANGED: { strict: false, lenient: false, meaning: 'criterion changed otherwise (e.g. anyOf→oneOf, oneOf→allOf)' },
  PRODUCT_TYPE_EXTENDED: { strict: false, lenient: false, meaning: 'allOf gains a branch' },
  PRODUCT_TYPE_NARROWED: {
    strict: true,
    lenient: true,
    meaning: 'allOf loses a branch (or allOf original vs plain update matches one branch)',
  },
  SUM_TYPE_EXTENDED: {
    strict: true,
    lenient: true,
    meaning: 'oneOf/anyOf gains a branch (or plain original matches one branch of update union)',
  },
  SUM_TYPE_NARROWED: { strict: false, lenient: false, meaning: 'oneOf/anyOf loses a branch' },
  COMBINED_TYPE_SUBSCHEMAS_CHANGED: {
    strict: false,
    lenient: false,
    meaning: 'no compatible one-to-one matching of branches (maximum-cardinality bipartite match smaller than the smaller side)',
  },
  NOT_TYPE_EXTENDED: {
    strict: false,
    lenient: false,
    meaning: 'not subschema changed so update rejects more (update.not is not compatible with original.not reversed)',
  },
  NOT_TYPE_NARROWED: { strict: true, lenient: true, meaning: 'not subschema changed so update rejects less' },
} as const satisfies Record<string, { readonly strict: boolean; readonly lenient: boolean; readonly meaning: string }>;

export type DifferenceType = keyof typeof DIFFERENCE_TYPES;

/** STRICT: Confluent's default policy; LENIENT also accepts e.g. optional properties added to an open object. */
export const COMPATIBILITY_POLICIES = ['STRICT', 'LENIENT'] as const;
export type CompatibilityPolicy = (typeof COMPATIBILITY_POLICIES)[number];

/** One structural difference between two schemas, at a JSON Pointer of the original and the updated schema. */
export interface SchemaChange {
  readonly type: DifferenceType;
  /** JSON Pointer (in the schema being read, `#`-less) of the element that changed */
  readonly path: string;
  /** `/properties/amount: type changed from "integer" to "string"` */
  readonly message: string;
}

export function isCompatibleChange(type: DifferenceType, policy: CompatibilityPolicy): boolean {
  const verdict = DIFFERENCE_TYPES[type];
  switch (policy) {
    case 'STRICT':
      return verdict.strict;
    case 'LENIENT':
      return verdict.lenient;
    default: {
      const never: never = policy;
      return never;
    }
  }
}
