-- CreateTable
CREATE TABLE "webhooks" (
    "uuid" TEXT NOT NULL,
    "description" TEXT,
    "consumer_id" INTEGER,
    "provider_id" INTEGER,
    "consumer_label" TEXT,
    "provider_label" TEXT,
    "events" TEXT[],
    "request" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("uuid")
);

-- CreateTable
CREATE TABLE "pacticipant_labels" (
    "pacticipant_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pacticipant_labels_pkey" PRIMARY KEY ("pacticipant_id","name")
);

-- CreateIndex
CREATE INDEX "webhooks_consumer_id_idx" ON "webhooks"("consumer_id");

-- CreateIndex
CREATE INDEX "webhooks_provider_id_idx" ON "webhooks"("provider_id");

-- CreateIndex
CREATE INDEX "pacticipant_labels_name_idx" ON "pacticipant_labels"("name");

-- AddForeignKey
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_consumer_id_fkey" FOREIGN KEY ("consumer_id") REFERENCES "pacticipants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "pacticipants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pacticipant_labels" ADD CONSTRAINT "pacticipant_labels_pacticipant_id_fkey" FOREIGN KEY ("pacticipant_id") REFERENCES "pacticipants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
