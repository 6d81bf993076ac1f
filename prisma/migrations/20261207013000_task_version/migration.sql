-- AlterTable
ALTER TABLE "Worker" ADD COLUMN     "slots" JSONB;

-- CreateTable
CREATE TABLE "TaskVersion" (
    "task" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskVersion_pkey" PRIMARY KEY ("task","version")
);
