-- CreateTable
CREATE TABLE "strategies" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL,
    "content" JSON NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "strategies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "backtests" (
    "id" UUID NOT NULL,
    "activity_key" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "strategy" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "symbol" TEXT NOT NULL,
    "timeframe" TEXT NOT NULL,
    "bars" INTEGER NOT NULL,
    "result" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    "engine_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "backtests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "backtest_batches" (
    "id" UUID NOT NULL,
    "activity_key" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rank_by" TEXT NOT NULL,
    "rows" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "backtest_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "strategy_reports" (
    "id" UUID NOT NULL,
    "activity_key" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "backtest_id" UUID,
    "batch_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "strategy_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "backtests_activity_key_key" ON "backtests"("activity_key");

-- CreateIndex
CREATE INDEX "backtests_workflow_id_idx" ON "backtests"("workflow_id");

-- CreateIndex
CREATE INDEX "backtests_created_at_idx" ON "backtests"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "backtest_batches_activity_key_key" ON "backtest_batches"("activity_key");

-- CreateIndex
CREATE INDEX "backtest_batches_workflow_id_idx" ON "backtest_batches"("workflow_id");

-- CreateIndex
CREATE UNIQUE INDEX "strategy_reports_activity_key_key" ON "strategy_reports"("activity_key");

-- CreateIndex
CREATE INDEX "strategy_reports_workflow_id_idx" ON "strategy_reports"("workflow_id");

-- CreateIndex
CREATE INDEX "strategy_reports_created_at_idx" ON "strategy_reports"("created_at");

