-- Issue #14: the answer generation. Cached read answers (can-i-deploy, /matrix, pacts for verification) are
-- stored under the generation read before computing them and served only while it is unchanged. It is bumped
-- by triggers in the same transaction as every write to a table those answers read, so:
--  - no code path can forget to invalidate (retention cleanup, pacticipant deletion and its cascades, imports,
--    test-mode resets and writes added later all fire the same triggers),
--  - it becomes visible exactly when the write commits, to every broker process on this database (replicas),
--    so a reader that starts after a write completed reads a newer generation and never a stale answer,
--  - it is read with one cheap statement per request.
-- One row per slot (the writing connection's backend pid modulo 16) rather than one row, so concurrent writers
-- rarely wait on each other's row lock, the generation is the sum of the slots, which only ever grows. A
-- transaction bumps its slot once however many statements it runs (last_xact).
CREATE TABLE "answer_generations" (
    "slot" INTEGER NOT NULL,
    "generation" BIGINT NOT NULL DEFAULT 0,
    "last_xact" BIGINT,

    CONSTRAINT "answer_generations_pkey" PRIMARY KEY ("slot")
);

INSERT INTO "answer_generations" ("slot") SELECT generate_series(0, 15);

-- The body is an E'' string with its semicolons written \x3B: the PostgreSQL driver adapter the schema engine
-- runs migrations through splits a script at every semicolon, dollar quotes included.
-- After the first bump a transaction only reads a transaction-local setting (set_config(..., true), undone with
-- the transaction or a rolled-back savepoint, like the UPDATE itself), so a publication of a dozen statements
-- pays for one UPDATE, not a dozen.
CREATE FUNCTION "treaty_bump_answer_generation"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF current_setting(''treaty.answer_generation_bumped'', true) IS DISTINCT FROM ''on'' THEN
    UPDATE "answer_generations" SET "generation" = "generation" + 1, "last_xact" = txid_current()
     WHERE "slot" = pg_backend_pid() % 16 AND "last_xact" IS DISTINCT FROM txid_current()\x3B
    PERFORM set_config(''treaty.answer_generation_bumped'', ''on'', true)\x3B
  END IF\x3B
  RETURN NULL\x3B
END
';

-- Every table an answer reads. Not the job queue, webhook executions, audit events, tokens or webhooks:
-- no answer reads them, and can-i-deploy itself enqueues jobs.
CREATE TRIGGER "pacticipants_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "pacticipants" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "versions_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "versions" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "branches_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "branches" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "branch_versions_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "branch_versions" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "tags_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "tags" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "pact_versions_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "pact_versions" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "pact_publications_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "pact_publications" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "integrations_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "integrations" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "verifications_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "verifications" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "latest_verifications_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "latest_verifications" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "environments_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "environments" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "deployed_versions_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "deployed_versions" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "current_deployments_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "current_deployments" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "released_versions_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "released_versions" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "pacticipant_labels_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "pacticipant_labels" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "schema_contents_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "schema_contents" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "schema_subjects_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "schema_subjects" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "schema_publications_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "schema_publications" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "contract_checks_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "contract_checks" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
CREATE TRIGGER "provider_contract_self_verifications_answer_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "provider_contract_self_verifications" FOR EACH STATEMENT EXECUTE FUNCTION "treaty_bump_answer_generation"();
