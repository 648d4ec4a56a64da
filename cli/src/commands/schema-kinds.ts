// The schema kinds the `treaty schema` commands accept. Its own module so declaring the commands does not load the
// verifiers (schema-inputs.ts, loaded when a command runs).
import type { SchemaKind } from '@treaty/wire';

export const SCHEMA_KINDS = ['protobuf', 'jsonschema', 'openapi', 'asyncapi'] as const satisfies readonly SchemaKind[];
