// The one result type of every verifier kind (protobuf, JSON Schema, OpenAPI, pact-vs-OpenAPI, and the next ones):
// an expected outcome, not an exception (shared/conventions.md §4). Each kind fills in what it reports.
//  - `compatible`: nothing breaks;
//  - `incompatible`: `breakingChanges` break a reader (or, for a pact checked against OpenAPI, the pact's expectations);
//  - `unknown`: the check could not decide (`reasons`, e.g. a `$ref` that does not resolve); a kind that always decides
//    leaves this member out with Exclude;
//  - `invalid`: an input is not a document of its kind (`errors`, each pointing at a file and place).
// `Detail` is what the kind reports in every decided outcome (the rules applied, every change, every finding).

export type CompatibilityResult<Breaking, Problem, Detail extends object = object> =
  | ({ readonly status: 'compatible' } & Detail)
  | ({ readonly status: 'incompatible'; readonly breakingChanges: readonly Breaking[] } & Detail)
  | ({ readonly status: 'unknown'; readonly reasons: readonly string[] } & Detail)
  | { readonly status: 'invalid'; readonly errors: readonly Problem[] };

export type CompatibilityStatus = CompatibilityResult<never, never>['status'];
