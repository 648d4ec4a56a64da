-- CreateTable
CREATE TABLE "jobs" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 7,
    "run_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_by" TEXT,
    "locked_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "dedupe_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_executions" (
    "id" SERIAL NOT NULL,
    "triggered_uuid" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'webhook',
    "webhook_uuid" TEXT,
    "job_id" BIGINT,
    "event_name" TEXT NOT NULL,
    "consumer_id" INTEGER,
    "provider_id" INTEGER,
    "consumer_version_number" TEXT,
    "provider_version_number" TEXT,
    "pact_version_sha" TEXT,
    "attempt" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL,
    "request" JSONB NOT NULL,
    "response_status" INTEGER,
    "response_headers" JSONB,
    "response_body" TEXT,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_executions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "jobs_dedupe_key_key" ON "jobs"("dedupe_key");

-- CreateIndex
CREATE INDEX "jobs_status_run_at_idx" ON "jobs"("status", "run_at");

-- CreateIndex
CREATE INDEX "jobs_kind_status_idx" ON "jobs"("kind", "status");

-- CreateIndex
CREATE INDEX "webhook_executions_webhook_uuid_created_at_idx" ON "webhook_executions"("webhook_uuid", "created_at");

-- CreateIndex
CREATE INDEX "webhook_executions_triggered_uuid_idx" ON "webhook_executions"("triggered_uuid");

-- CreateIndex
CREATE INDEX "webhook_executions_consumer_id_provider_id_created_at_idx" ON "webhook_executions"("consumer_id", "provider_id", "created_at");
