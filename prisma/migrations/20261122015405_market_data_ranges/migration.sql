-- CreateTable
CREATE TABLE "market_data_ranges" (
    "id" UUID NOT NULL,
    "exchange" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "timeframe" TEXT NOT NULL,
    "from_time" TIMESTAMPTZ(3) NOT NULL,
    "to_time" TIMESTAMPTZ(3) NOT NULL,
    "bars" INTEGER NOT NULL,
    "activity_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "market_data_ranges_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "market_data_ranges_activity_key_key" ON "market_data_ranges"("activity_key");

-- CreateIndex
CREATE INDEX "market_data_ranges_exchange_symbol_timeframe_from_time_idx" ON "market_data_ranges"("exchange", "symbol", "timeframe", "from_time");

