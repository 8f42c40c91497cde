-- The shared store of rate-limiter-flexible (RateLimiterPostgres): failed sign-ins per account
-- and per address, held across instances.
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);
