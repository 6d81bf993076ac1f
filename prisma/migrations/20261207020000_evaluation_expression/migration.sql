-- AlterTable
ALTER TABLE "Evaluation" ADD COLUMN     "expression" TEXT;
