-- CreateTable
CREATE TABLE "schema_contents" (
    "id" SERIAL NOT NULL,
    "sha" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "files" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schema_contents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schema_subjects" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "compatibility" TEXT NOT NULL DEFAULT 'BACKWARD',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schema_subjects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schema_publications" (
    "id" SERIAL NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "pacticipant_id" INTEGER NOT NULL,
    "version_id" INTEGER NOT NULL,
    "content_id" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "revision_number" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schema_publications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract_checks" (
    "id" SERIAL NOT NULL,
    "check_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "compatibility" TEXT NOT NULL,
    "base_content_id" INTEGER,
    "provider_content_id" INTEGER NOT NULL,
    "consumer_version_id" INTEGER,
    "provider_version_id" INTEGER,
    "status" TEXT NOT NULL,
    "findings" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contract_checks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "schema_contents_sha_key" ON "schema_contents"("sha");

-- CreateIndex
CREATE UNIQUE INDEX "schema_subjects_name_key" ON "schema_subjects"("name");

-- CreateIndex
CREATE INDEX "schema_publications_version_id_subject_id_idx" ON "schema_publications"("version_id", "subject_id");

-- CreateIndex
CREATE INDEX "schema_publications_subject_id_role_pacticipant_id_version__idx" ON "schema_publications"("subject_id", "role", "pacticipant_id", "version_id");

-- CreateIndex
CREATE INDEX "schema_publications_pacticipant_id_role_idx" ON "schema_publications"("pacticipant_id", "role");

-- CreateIndex
CREATE UNIQUE INDEX "schema_publications_subject_id_version_id_role_key" ON "schema_publications"("subject_id", "version_id", "role");

-- CreateIndex
CREATE UNIQUE INDEX "contract_checks_check_key_key" ON "contract_checks"("check_key");

-- CreateIndex
CREATE INDEX "contract_checks_subject_id_base_content_id_provider_content_idx" ON "contract_checks"("subject_id", "base_content_id", "provider_content_id");

-- CreateIndex
CREATE INDEX "contract_checks_subject_id_kind_created_at_idx" ON "contract_checks"("subject_id", "kind", "created_at");

-- AddForeignKey
ALTER TABLE "schema_publications" ADD CONSTRAINT "schema_publications_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "schema_subjects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schema_publications" ADD CONSTRAINT "schema_publications_pacticipant_id_fkey" FOREIGN KEY ("pacticipant_id") REFERENCES "pacticipants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schema_publications" ADD CONSTRAINT "schema_publications_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schema_publications" ADD CONSTRAINT "schema_publications_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "schema_contents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_checks" ADD CONSTRAINT "contract_checks_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "schema_subjects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
