import { describe, expect, it } from "vitest";
import { buildCommands } from "@/scripts/vercel-build.mjs";

const migrate = ["node", "scripts/prisma.mjs", "migrate", "deploy"];
const build = ["npx", "next", "build"];

describe("Vercel's build", () => {
  it("migrates production deployments first", () => {
    expect(buildCommands({ VERCEL_ENV: "production", DIRECT_DATABASE_URL: "postgres://direct" })).toEqual([
      migrate,
      build,
    ]);
  });

  it("only builds previews, whatever URL they have", () => {
    expect(buildCommands({ VERCEL_ENV: "preview", DATABASE_URL: "postgres://pooled" })).toEqual([build]);
    expect(buildCommands({})).toEqual([build]);
  });

  it("refuses a production build that has no URL to migrate", () => {
    expect(() => buildCommands({ VERCEL_ENV: "production" })).toThrow(/DIRECT_DATABASE_URL/);
  });
});
