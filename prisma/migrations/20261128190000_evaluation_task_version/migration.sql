-- DropIndex
DROP INDEX "Evaluation_fingerprint_task_fidelity_seed_key";

-- DropIndex
DROP INDEX "Evaluation_task_fidelity_status_fingerprint_idx";

-- AlterTable
ALTER TABLE "Evaluation" ADD COLUMN     "taskVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Evaluation_task_taskVersion_fidelity_status_fingerprint_idx" ON "Evaluation"("task", "taskVersion", "fidelity", "status", "fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_fingerprint_task_taskVersion_fidelity_seed_key" ON "Evaluation"("fingerprint", "task", "taskVersion", "fidelity", "seed");
