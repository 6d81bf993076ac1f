-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('queued', 'running', 'paused', 'done', 'cancelled', 'failed');

-- CreateEnum
CREATE TYPE "CandidateState" AS ENUM ('proposed', 'prescreen_rejected', 'queued', 'evaluated', 'rejected', 'failed', 'reused');

-- CreateEnum
CREATE TYPE "EvaluationStatus" AS ENUM ('done', 'rejected', 'failed');

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "spaceId" TEXT NOT NULL,
    "spaceHash" TEXT NOT NULL,
    "strategy" TEXT NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'queued',
    "statusReason" TEXT,
    "budget" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "owner" TEXT,
    "proposed" INTEGER NOT NULL DEFAULT 0,
    "evaluated" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "prescreenRejected" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "reused" INTEGER NOT NULL DEFAULT 0,
    "strategyState" JSONB,
    "toldCount" INTEGER NOT NULL DEFAULT 0,
    "driveLeaseOwner" TEXT,
    "driveLeaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activation" (
    "fingerprint" TEXT NOT NULL,
    "canonical" TEXT NOT NULL,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "features" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Activation_pkey" PRIMARY KEY ("fingerprint")
);

-- CreateTable
CREATE TABLE "Candidate" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "order" INTEGER NOT NULL,
    "proposalId" TEXT NOT NULL,
    "expression" TEXT NOT NULL,
    "meta" JSONB,
    "fidelity" TEXT NOT NULL,
    "state" "CandidateState" NOT NULL DEFAULT 'proposed',
    "reason" TEXT,
    "evaluationKeys" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "toldAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Candidate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "fidelity" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "status" "EvaluationStatus" NOT NULL,
    "metric" DOUBLE PRECISION,
    "valLoss" DOUBLE PRECISION,
    "testMetric" DOUBLE PRECISION,
    "curve" JSONB,
    "rejectionTest" TEXT,
    "rejectionStep" INTEGER,
    "rejectionReason" TEXT,
    "backend" TEXT,
    "durationMs" INTEGER,
    "worker" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Worker" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "currentJob" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Worker_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Campaign_createdAt_id_idx" ON "Campaign"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Campaign_status_createdAt_id_idx" ON "Campaign"("status", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Candidate_campaignId_order_key" ON "Candidate"("campaignId", "order");

-- CreateIndex
CREATE INDEX "Candidate_campaignId_state_idx" ON "Candidate"("campaignId", "state");

-- CreateIndex
CREATE INDEX "Candidate_fingerprint_idx" ON "Candidate"("fingerprint");

-- CreateIndex
CREATE INDEX "Candidate_evaluationKeys_idx" ON "Candidate" USING GIN ("evaluationKeys");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_fingerprint_task_fidelity_seed_key" ON "Evaluation"("fingerprint", "task", "fidelity", "seed");

-- CreateIndex
CREATE INDEX "Evaluation_task_fidelity_status_fingerprint_idx" ON "Evaluation"("task", "fidelity", "status", "fingerprint");

-- CreateIndex
CREATE INDEX "Worker_lastSeenAt_idx" ON "Worker"("lastSeenAt");

-- AddForeignKey
ALTER TABLE "Candidate" ADD CONSTRAINT "Candidate_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Candidate" ADD CONSTRAINT "Candidate_fingerprint_fkey" FOREIGN KEY ("fingerprint") REFERENCES "Activation"("fingerprint") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_fingerprint_fkey" FOREIGN KEY ("fingerprint") REFERENCES "Activation"("fingerprint") ON DELETE RESTRICT ON UPDATE CASCADE;
