// The payload of a `schema-check` job (handler: jobs/schema-check.ts). It names what happened, not the checks to run: the
// handler works out the pairs to check when it runs, from the data as it is then.
import type { NewJob } from './job-queue.ts';

export const SCHEMA_CHECK_JOB = 'schema-check';

export type SchemaCheckJobPayload =
  /** A schema publication was created or overwritten (revision). */
  | { trigger: 'schema-published'; publicationId: number; revision: number }
  /** A pact was published: check it against its provider's OpenAPI publications. */
  | { trigger: 'pact-published'; pactVersionId: number }
  /** A subject's mode changed: its checks are re-run under the new mode. */
  | { trigger: 'mode-changed'; subjectId: number; compatibility: string };

export function schemaCheckJob(payload: SchemaCheckJobPayload, dedupeKey: string): NewJob {
  return { kind: SCHEMA_CHECK_JOB, payload, dedupeKey, maxAttempts: 5 };
}
