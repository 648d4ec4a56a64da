-- CreateTable
CREATE TABLE "provider_contract_self_verifications" (
    "id" SERIAL NOT NULL,
    "version_id" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL,
    "content" TEXT,
    "content_type" TEXT,
    "format" TEXT,
    "verifier" TEXT,
    "verifier_version" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "provider_contract_self_verifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "provider_contract_self_verifications_version_id_key" ON "provider_contract_self_verifications"("version_id");

-- AddForeignKey
ALTER TABLE "provider_contract_self_verifications" ADD CONSTRAINT "provider_contract_self_verifications_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
