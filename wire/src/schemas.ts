// Schema contracts (issue #8): Treaty-only resources under `treaty:` relations of the index.
// The broker produces these bodies, `treaty schema publish|check` and the web UI read them.
//   POST /schemas/publish                         PublishSchemaRequest -> PublishSchemaResponse (201 created, 200 unchanged)
//   POST /schemas/check                           SchemaCheckRequest -> SchemaCheckResponse (200; stores nothing)
//   GET  /schemas/subjects                        SchemaSubjectsResponse
//   GET  /schemas/subjects/{subject}              SchemaSubjectResponse
//   PUT  /schemas/subjects/{subject}/compatibility  SetSchemaCompatibilityRequest -> SchemaCompatibilityResponse
//   GET  /schemas/subjects/{subject}/versions/{pacticipant}/{version}?role=   SchemaVersionResponse
//   GET  /schemas/subjects/{subject}/diff?pacticipant=&from=&to=&role=        SchemaDiffResponse
// {subject} is URL-encoded (encodeURIComponent): subjects may contain dots and slashes. Errors are problem+json
// (ProblemDetails); invalid files give 400 with `errors: {"<file>:<line>:<column>": [message]}`.
import type { HalLinks, HalResource } from './hal.ts';

/**
 * protobuf: one or more `.proto` files; jsonschema: draft-07 / 2020-12 documents; openapi: 3.0 / 3.1, JSON or YAML;
 * asyncapi: an AsyncAPI 2.x / 3.x document (JSON or YAML), then the files it `$ref`s.
 */
export type SchemaKind = 'protobuf' | 'jsonschema' | 'openapi' | 'asyncapi';

/** provider: what it offers; consumer: what it reads (a consumer-driven schema). */
export type SchemaRole = 'provider' | 'consumer';

/** Confluent Schema Registry's compatibility modes; BACKWARD is the default of a new subject. */
export type SchemaCompatibilityMode =
  'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE' | 'NONE';

/** One file of a publication; `path` is relative (e.g. `payment/v1/payment.proto`) and is what `import` statements and `$ref`s name. */
export interface SchemaFile {
  path: string;
  content: string;
}

/** POST /schemas/publish */
export interface PublishSchemaRequest {
  pacticipantName: string;
  pacticipantVersionNumber: string;
  branch?: string;
  tags?: string[];
  buildUrl?: string;
  /** e.g. `payment.v1.PaymentService` or `order-events/OrderPlaced`; may contain dots and slashes (URL-encode it in paths). */
  subject: string;
  kind: SchemaKind;
  role: SchemaRole;
  files: SchemaFile[];
  /** Different content for a version × subject × role already published is a 409, unless the broker allows overwriting
   *  (TREATY_ALLOW_CONTRACT_OVERWRITE, as for pacts); `false` refuses to overwrite even then. */
  overwrite?: boolean;
}

/**
 * created: a new publication (201); unchanged: the same content was already published for this version × subject × role (200);
 * overwritten: different content replaced the previous one (200, only when overwrite is allowed).
 */
export type SchemaPublishOutcome = 'created' | 'unchanged' | 'overwritten';

export interface PublishSchemaResponse extends HalResource {
  subject: string;
  /** SHA-256 (hex) of the canonical content: files sorted by path. */
  sha: string;
  kind: SchemaKind;
  role: SchemaRole;
  outcome: SchemaPublishOutcome;
  /** How many compatibility checks Treaty queued for this publication (they run as background jobs). */
  checksQueued: number;
  _links: HalLinks;
}

/**
 * compatible: nothing breaks; breaking: at least one finding of severity error;
 * unknown: Treaty could not decide (a construct it does not analyse, nothing to check against is NOT unknown: it is compatible
 * with `checkedAgainst` empty). Never read unknown as compatible.
 */
export type SchemaVerdict = 'compatible' | 'breaking' | 'unknown';

/** One finding of a check. `rule` is a Buf rule ID (e.g. FIELD_SAME_TYPE), a JSON Schema difference type (e.g. TYPE_NARROWED),
 *  a Treaty rule for consumer-driven / OpenAPI / AsyncAPI checks (e.g. CONSUMER_FIELD_MISSING, CHANNEL_REMOVED), or a
 *  bi-directional result code of a pact checked against an OpenAPI or AsyncAPI document (e.g. message.payload.incompatible). */
export interface SchemaFinding {
  rule: string;
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  /** error (breaks), warning (worth a look, does not fail), info (compatible change). Absent means error. */
  severity?: 'error' | 'warning' | 'info';
}

export interface SchemaCheckedAgainst {
  pacticipant: string;
  version: string;
  role: SchemaRole;
}

/** POST /schemas/check: compares the given files with what is published; stores nothing. */
export interface SchemaCheckRequest {
  subject: string;
  kind: SchemaKind;
  role: SchemaRole;
  pacticipantName: string;
  files: SchemaFile[];
  /** Check against this version of the same pacticipant (provider role) or of the providers (consumer role). */
  againstVersion?: string;
  /** Check against the versions deployed or released in this environment. */
  againstEnvironment?: string;
  /** Overrides the subject's mode for this check only. */
  compatibility?: SchemaCompatibilityMode;
}

export interface SchemaCheckResponse extends HalResource {
  verdict: SchemaVerdict;
  /** The subject's compatibility mode used for the check. */
  compatibility: SchemaCompatibilityMode;
  findings: SchemaFinding[];
  checkedAgainst: SchemaCheckedAgainst[];
  /** Why the verdict is unknown (present only then). */
  reasons?: string[];
}

/** A publication as listed under a subject. */
export interface SchemaPublicationSummary {
  pacticipant: string;
  version: string;
  role: SchemaRole;
  kind: SchemaKind;
  sha: string;
  branch: string | null;
  publishedAt: string;
  _links: HalLinks;
}

/** GET /schemas/subjects */
export interface SchemaSubjectSummary {
  name: string;
  kind: SchemaKind | null;
  compatibility: SchemaCompatibilityMode;
  providers: string[];
  consumers: string[];
  publicationCount: number;
  latestPublishedAt: string | null;
  _links: HalLinks;
}

export interface SchemaSubjectsResponse extends HalResource {
  subjects: SchemaSubjectSummary[];
}

/** The result of a check Treaty ran between two pacticipant versions (a background job). */
export interface SchemaCheckResult {
  id: string;
  /** schema: a consumer schema or a later provider schema against a provider schema; pact: a pact against an OpenAPI or AsyncAPI publication. */
  contractKind: 'schema' | 'pact';
  subject: string | null;
  consumer: { name: string; version: string };
  provider: { name: string; version: string };
  verdict: SchemaVerdict;
  findings: SchemaFinding[];
  checkedAt: string;
}

/** GET /schemas/subjects/{subject} */
export interface SchemaSubjectResponse extends HalResource {
  name: string;
  kind: SchemaKind | null;
  compatibility: SchemaCompatibilityMode;
  providers: string[];
  consumers: string[];
  /** Newest first. */
  publications: SchemaPublicationSummary[];
  /** The latest checks of this subject, newest first. */
  checks: SchemaCheckResult[];
  _links: HalLinks;
}

/** PUT /schemas/subjects/{subject}/compatibility */
export interface SetSchemaCompatibilityRequest {
  compatibility: SchemaCompatibilityMode;
}

export interface SchemaCompatibilityResponse extends HalResource {
  subject: string;
  compatibility: SchemaCompatibilityMode;
}

/** GET /schemas/subjects/{subject}/versions/{pacticipant}/{version}?role= */
export interface SchemaVersionResponse extends HalResource {
  subject: string;
  pacticipant: string;
  version: string;
  role: SchemaRole;
  kind: SchemaKind;
  sha: string;
  files: SchemaFile[];
  publishedAt: string;
  _links: HalLinks;
}

/**
 * GET /schemas/subjects/{subject}/diff?pacticipant=P&to=V2[&from=V1][&role=provider]
 * Compares two published versions of one pacticipant (`from` defaults to the publication before `to`; `role` defaults to
 * provider). Findings list every difference; those that break under the subject's mode have severity error.
 */
export interface SchemaDiffResponse extends HalResource {
  subject: string;
  kind: SchemaKind;
  from: { pacticipant: string; version: string; sha: string } | null;
  to: { pacticipant: string; version: string; sha: string };
  compatibility: SchemaCompatibilityMode;
  verdict: SchemaVerdict;
  findings: SchemaFinding[];
}
