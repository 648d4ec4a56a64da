-- AlterTable
ALTER TABLE "webhook_executions" ADD COLUMN     "github_context" TEXT,
ADD COLUMN     "github_state" TEXT;

-- CreateTable
CREATE TABLE "github_send_order" (
    "repository" TEXT NOT NULL,
    "sha" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "job_id" BIGINT NOT NULL,
    "state" TEXT NOT NULL,
    "sending_job_id" BIGINT,
    "sending_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "github_send_order_pkey" PRIMARY KEY ("repository","sha","context")
);

-- GitHub calls get their own kinds (check runs were logged with the status kind), and the state and line they sent.
UPDATE "webhook_executions" SET "kind" = 'github-check-run' WHERE "kind" = 'github-status' AND "triggered_uuid" LIKE 'github-check-run-%';
UPDATE "webhook_executions" SET "kind" = 'github-commit-status' WHERE "kind" = 'github-status';
UPDATE "webhook_executions"
   SET "github_state" = COALESCE("request"->>'body', '{}')::jsonb->>'state',
       "github_context" = COALESCE("request"->>'body', '{}')::jsonb->>'context'
 WHERE "kind" = 'github-commit-status' AND "request"->>'body' LIKE '{%';
