-- (No semicolon may appear in a comment or outside the function body's E'' string: the driver adapter the schema
-- engine runs migrations through splits the script at every one. The body writes them as \x3B.)
-- Issue #14: latest_verifications.success and verified_at copy the verification a row points to. The broker's
-- writers set them, but during a rolling upgrade the previous release's replicas keep writing rows without them
-- (an INSERT that leaves them NULL would break NOT NULL, an UPDATE of verification_id would leave stale copies).
-- This trigger fills them from the verification whenever a writer did not: an insert without them, or an update
-- that moves verification_id. It costs one primary-key lookup per such row, and nothing for the broker's own
-- inserts, which set both.
CREATE FUNCTION "treaty_copy_latest_verification_outcome"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF NEW."success" IS NULL OR NEW."verified_at" IS NULL
     OR (TG_OP = ''UPDATE'' AND NEW."verification_id" IS DISTINCT FROM OLD."verification_id") THEN
    SELECT v."success", v."created_at" INTO NEW."success", NEW."verified_at" FROM "verifications" v WHERE v."id" = NEW."verification_id"\x3B
  END IF\x3B
  RETURN NEW\x3B
END
';

CREATE TRIGGER "latest_verifications_copy_outcome" BEFORE INSERT OR UPDATE ON "latest_verifications" FOR EACH ROW EXECUTE FUNCTION "treaty_copy_latest_verification_outcome"();
