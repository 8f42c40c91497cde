import { describe, expect, it } from "vitest";
import { schemaEngine as engineFor } from "@/scripts/prisma.mjs";

const schemaEngine = (env: Record<string, string>) => engineFor(env as NodeJS.ProcessEnv);

describe("the schema engine the Prisma CLI runs", () => {
  it("is the one DELTAPORT_PRISMA_ENGINE names", () => {
    expect(schemaEngine({ DELTAPORT_PRISMA_ENGINE: "wasm" })).toBe("wasm");
    expect(schemaEngine({ DELTAPORT_PRISMA_ENGINE: "native" })).toBe("native");
    expect(() => schemaEngine({ DELTAPORT_PRISMA_ENGINE: "rust" })).toThrow(/"native" or "wasm"/);
  });

  it("is native when an engine binary is named", () => {
    expect(schemaEngine({ PRISMA_SCHEMA_ENGINE_BINARY: "/opt/schema-engine" })).toBe("native");
  });
});
