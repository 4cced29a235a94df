-- AlterTable
ALTER TABLE "graph_versions" ALTER COLUMN "content" SET DATA TYPE JSON;

