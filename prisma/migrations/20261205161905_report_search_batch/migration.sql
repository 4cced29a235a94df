-- AlterTable
ALTER TABLE "strategy_reports" ADD COLUMN     "search_batch_id" UUID;

