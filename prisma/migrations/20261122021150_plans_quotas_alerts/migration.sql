-- CreateEnum
CREATE TYPE "Plan" AS ENUM ('free', 'pro', 'developer', 'enterprise');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "plan" "Plan" NOT NULL DEFAULT 'free';

-- AlterTable
ALTER TABLE "graphs" ADD COLUMN     "published_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "quota_counters" (
    "user_id" UUID NOT NULL,
    "tool" TEXT NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "used" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quota_counters_pkey" PRIMARY KEY ("user_id","tool","period_start")
);

-- CreateTable
CREATE TABLE "usage_logs" (
    "id" BIGSERIAL NOT NULL,
    "user_id" UUID,
    "key_id" UUID,
    "tool" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "used" INTEGER,
    "limit" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_subscriptions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "symbols" TEXT[],
    "timeframe" TEXT NOT NULL,
    "point_types" TEXT[],
    "side" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_events" (
    "id" BIGSERIAL NOT NULL,
    "subscription_id" UUID,
    "user_id" UUID,
    "dedupe_key" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "timeframe" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "usage_logs_user_id_created_at_idx" ON "usage_logs"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "usage_logs_key_id_created_at_idx" ON "usage_logs"("key_id", "created_at");

-- CreateIndex
CREATE INDEX "alert_subscriptions_user_id_active_idx" ON "alert_subscriptions"("user_id", "active");

-- CreateIndex
CREATE UNIQUE INDEX "alert_events_dedupe_key_key" ON "alert_events"("dedupe_key");

-- CreateIndex
CREATE INDEX "alert_events_user_id_id_idx" ON "alert_events"("user_id", "id");

-- CreateIndex
CREATE INDEX "alert_events_subscription_id_idx" ON "alert_events"("subscription_id");

-- AddForeignKey
ALTER TABLE "alert_subscriptions" ADD CONSTRAINT "alert_subscriptions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

