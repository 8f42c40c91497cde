-- CreateEnum
CREATE TYPE "SigningAlgorithm" AS ENUM ('RS256', 'ES256');

-- CreateTable
CREATE TABLE "SigningKey" (
    "kid" TEXT NOT NULL,
    "algorithm" "SigningAlgorithm" NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "encryptedPrivateKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "signsFrom" TIMESTAMP(3) NOT NULL,
    "signsUntil" TIMESTAMP(3),
    "publishedUntil" TIMESTAMP(3),

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("kid")
);
