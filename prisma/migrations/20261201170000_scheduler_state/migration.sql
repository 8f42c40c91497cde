-- CreateTable
CREATE TABLE "scheduler_state" (
    "id" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastTickAt" TIMESTAMP(3),
    "staleAlertedAt" TIMESTAMP(3),

    CONSTRAINT "scheduler_state_pkey" PRIMARY KEY ("id")
);
