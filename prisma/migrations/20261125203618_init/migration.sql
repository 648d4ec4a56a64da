-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "pacticipants" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "display_name" TEXT,
    "repository_url" TEXT,
    "repository_name" TEXT,
    "repository_namespace" TEXT,
    "main_branch" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pacticipants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "versions" (
    "id" SERIAL NOT NULL,
    "pacticipant_id" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "build_url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "branches" (
    "id" SERIAL NOT NULL,
    "pacticipant_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "branches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "branch_versions" (
    "id" SERIAL NOT NULL,
    "branch_id" INTEGER NOT NULL,
    "version_id" INTEGER NOT NULL,
    "pacticipant_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "branch_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tags" (
    "id" SERIAL NOT NULL,
    "version_id" INTEGER NOT NULL,
    "pacticipant_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pact_versions" (
    "id" SERIAL NOT NULL,
    "sha" TEXT NOT NULL,
    "consumer_id" INTEGER NOT NULL,
    "provider_id" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "interaction_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pact_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pact_publications" (
    "id" SERIAL NOT NULL,
    "consumer_version_id" INTEGER NOT NULL,
    "consumer_id" INTEGER NOT NULL,
    "provider_id" INTEGER NOT NULL,
    "pact_version_id" INTEGER NOT NULL,
    "revision_number" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pact_publications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "integrations" (
    "id" SERIAL NOT NULL,
    "consumer_id" INTEGER NOT NULL,
    "provider_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "integrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verifications" (
    "id" SERIAL NOT NULL,
    "number" INTEGER NOT NULL,
    "pact_version_id" INTEGER NOT NULL,
    "provider_version_id" INTEGER NOT NULL,
    "consumer_id" INTEGER NOT NULL,
    "provider_id" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL,
    "build_url" TEXT,
    "test_results" JSONB,
    "verified_by" JSONB,
    "pending" BOOLEAN,
    "wip" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "latest_verifications" (
    "pact_version_id" INTEGER NOT NULL,
    "provider_version_id" INTEGER NOT NULL,
    "verification_id" INTEGER NOT NULL,

    CONSTRAINT "latest_verifications_pkey" PRIMARY KEY ("pact_version_id","provider_version_id")
);

-- CreateTable
CREATE TABLE "environments" (
    "uuid" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "display_name" TEXT,
    "production" BOOLEAN NOT NULL DEFAULT false,
    "contacts" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "environments_pkey" PRIMARY KEY ("uuid")
);

-- CreateTable
CREATE TABLE "deployed_versions" (
    "uuid" TEXT NOT NULL,
    "version_id" INTEGER NOT NULL,
    "pacticipant_id" INTEGER NOT NULL,
    "environment_uuid" TEXT NOT NULL,
    "application_instance" TEXT,
    "undeployed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deployed_versions_pkey" PRIMARY KEY ("uuid")
);

-- CreateTable
CREATE TABLE "current_deployments" (
    "environment_uuid" TEXT NOT NULL,
    "pacticipant_id" INTEGER NOT NULL,
    "application_instance" TEXT NOT NULL,
    "deployed_version_uuid" TEXT NOT NULL,
    "version_id" INTEGER NOT NULL,

    CONSTRAINT "current_deployments_pkey" PRIMARY KEY ("environment_uuid","pacticipant_id","application_instance")
);

-- CreateTable
CREATE TABLE "released_versions" (
    "uuid" TEXT NOT NULL,
    "version_id" INTEGER NOT NULL,
    "pacticipant_id" INTEGER NOT NULL,
    "environment_uuid" TEXT NOT NULL,
    "support_ended_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "released_versions_pkey" PRIMARY KEY ("uuid")
);

-- CreateIndex
CREATE UNIQUE INDEX "pacticipants_name_key_key" ON "pacticipants"("name_key");

-- CreateIndex
CREATE INDEX "versions_pacticipant_id_id_idx" ON "versions"("pacticipant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "versions_pacticipant_id_number_key" ON "versions"("pacticipant_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "branches_pacticipant_id_name_key" ON "branches"("pacticipant_id", "name");

-- CreateIndex
CREATE INDEX "branch_versions_version_id_branch_id_idx" ON "branch_versions"("version_id", "branch_id");

-- CreateIndex
CREATE UNIQUE INDEX "branch_versions_branch_id_version_id_key" ON "branch_versions"("branch_id", "version_id");

-- CreateIndex
CREATE INDEX "tags_pacticipant_id_name_version_id_idx" ON "tags"("pacticipant_id", "name", "version_id");

-- CreateIndex
CREATE UNIQUE INDEX "tags_version_id_name_key" ON "tags"("version_id", "name");

-- CreateIndex
CREATE INDEX "pact_versions_sha_idx" ON "pact_versions"("sha");

-- CreateIndex
CREATE UNIQUE INDEX "pact_versions_consumer_id_provider_id_sha_key" ON "pact_versions"("consumer_id", "provider_id", "sha");

-- CreateIndex
CREATE INDEX "pact_publications_pact_version_id_idx" ON "pact_publications"("pact_version_id");

-- CreateIndex
CREATE INDEX "pact_publications_provider_id_consumer_id_consumer_version__idx" ON "pact_publications"("provider_id", "consumer_id", "consumer_version_id");

-- CreateIndex
CREATE INDEX "pact_publications_consumer_id_consumer_version_id_idx" ON "pact_publications"("consumer_id", "consumer_version_id");

-- CreateIndex
CREATE UNIQUE INDEX "pact_publications_consumer_version_id_provider_id_key" ON "pact_publications"("consumer_version_id", "provider_id");

-- CreateIndex
CREATE INDEX "integrations_provider_id_idx" ON "integrations"("provider_id");

-- CreateIndex
CREATE UNIQUE INDEX "integrations_consumer_id_provider_id_key" ON "integrations"("consumer_id", "provider_id");

-- CreateIndex
CREATE INDEX "verifications_provider_version_id_idx" ON "verifications"("provider_version_id");

-- CreateIndex
CREATE INDEX "verifications_pact_version_id_provider_version_id_id_idx" ON "verifications"("pact_version_id", "provider_version_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "verifications_pact_version_id_number_key" ON "verifications"("pact_version_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "latest_verifications_verification_id_key" ON "latest_verifications"("verification_id");

-- CreateIndex
CREATE INDEX "latest_verifications_provider_version_id_pact_version_id_idx" ON "latest_verifications"("provider_version_id", "pact_version_id");

-- CreateIndex
CREATE UNIQUE INDEX "environments_name_key" ON "environments"("name");

-- CreateIndex
CREATE INDEX "deployed_versions_version_id_idx" ON "deployed_versions"("version_id");

-- CreateIndex
CREATE INDEX "deployed_versions_environment_uuid_pacticipant_id_idx" ON "deployed_versions"("environment_uuid", "pacticipant_id");

-- CreateIndex
CREATE UNIQUE INDEX "current_deployments_deployed_version_uuid_key" ON "current_deployments"("deployed_version_uuid");

-- CreateIndex
CREATE INDEX "current_deployments_version_id_idx" ON "current_deployments"("version_id");

-- CreateIndex
CREATE INDEX "released_versions_environment_uuid_pacticipant_id_idx" ON "released_versions"("environment_uuid", "pacticipant_id");

-- CreateIndex
CREATE UNIQUE INDEX "released_versions_version_id_environment_uuid_key" ON "released_versions"("version_id", "environment_uuid");

-- AddForeignKey
ALTER TABLE "versions" ADD CONSTRAINT "versions_pacticipant_id_fkey" FOREIGN KEY ("pacticipant_id") REFERENCES "pacticipants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "branches" ADD CONSTRAINT "branches_pacticipant_id_fkey" FOREIGN KEY ("pacticipant_id") REFERENCES "pacticipants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "branch_versions" ADD CONSTRAINT "branch_versions_branch_id_fkey" FOREIGN KEY ("branch_id") REFERENCES "branches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "branch_versions" ADD CONSTRAINT "branch_versions_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tags" ADD CONSTRAINT "tags_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pact_versions" ADD CONSTRAINT "pact_versions_consumer_id_fkey" FOREIGN KEY ("consumer_id") REFERENCES "pacticipants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pact_versions" ADD CONSTRAINT "pact_versions_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "pacticipants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pact_publications" ADD CONSTRAINT "pact_publications_consumer_version_id_fkey" FOREIGN KEY ("consumer_version_id") REFERENCES "versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pact_publications" ADD CONSTRAINT "pact_publications_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "pacticipants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pact_publications" ADD CONSTRAINT "pact_publications_pact_version_id_fkey" FOREIGN KEY ("pact_version_id") REFERENCES "pact_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_consumer_id_fkey" FOREIGN KEY ("consumer_id") REFERENCES "pacticipants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "pacticipants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_pact_version_id_fkey" FOREIGN KEY ("pact_version_id") REFERENCES "pact_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_provider_version_id_fkey" FOREIGN KEY ("provider_version_id") REFERENCES "versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "latest_verifications" ADD CONSTRAINT "latest_verifications_verification_id_fkey" FOREIGN KEY ("verification_id") REFERENCES "verifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployed_versions" ADD CONSTRAINT "deployed_versions_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployed_versions" ADD CONSTRAINT "deployed_versions_environment_uuid_fkey" FOREIGN KEY ("environment_uuid") REFERENCES "environments"("uuid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "current_deployments" ADD CONSTRAINT "current_deployments_deployed_version_uuid_fkey" FOREIGN KEY ("deployed_version_uuid") REFERENCES "deployed_versions"("uuid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "released_versions" ADD CONSTRAINT "released_versions_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "released_versions" ADD CONSTRAINT "released_versions_environment_uuid_fkey" FOREIGN KEY ("environment_uuid") REFERENCES "environments"("uuid") ON DELETE CASCADE ON UPDATE CASCADE;
