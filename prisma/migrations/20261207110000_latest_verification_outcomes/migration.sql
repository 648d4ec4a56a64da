-- (No semicolon may appear in a comment: the driver adapter the schema engine runs migrations through splits the
-- script at every one.)
-- Issue #14: a whole-integration matrix with a latestby counts its rows, successes and failures and ranks them by
-- their last action. Those need, per latest verification, only its outcome and time: kept here, copied from the
-- verification the row points to, every matrix answer reads them from one index (an index-only scan of the
-- integration's contents) instead of ranking the integration's whole history joined to verifications.
-- Every writer of latest_verifications sets them from the verification it points to (store/verifications.ts,
-- store/operations/bulk-writes.ts). Verifications are never updated, only inserted and deleted (with their rows here).
ALTER TABLE "latest_verifications" ADD COLUMN "success" BOOLEAN;
ALTER TABLE "latest_verifications" ADD COLUMN "verified_at" TIMESTAMPTZ(3);

UPDATE "latest_verifications" lv SET "success" = v."success", "verified_at" = v."created_at" FROM "verifications" v WHERE v."id" = lv."verification_id";

ALTER TABLE "latest_verifications" ALTER COLUMN "success" SET NOT NULL;
ALTER TABLE "latest_verifications" ALTER COLUMN "verified_at" SET NOT NULL;

-- CreateIndex
CREATE INDEX "latest_verifications_outcomes_idx" ON "latest_verifications"("pact_version_id", "provider_version_id", "verification_id", "success", "verified_at");

-- A whole integration's publications with their content and time, index-only: the same index as before with
-- those columns added (it still serves every lookup by provider, consumer and consumer version).
DROP INDEX "pact_publications_provider_id_consumer_id_consumer_version__idx";
CREATE INDEX "pact_publications_integration_idx" ON "pact_publications"("provider_id", "consumer_id", "consumer_version_id", "pact_version_id", "created_at", "id");
