import { describe, expect, it } from "vitest";
import { catalogPath, projectPath } from "@/lib/paths";

describe("paths", () => {
  it("carry the organization and the project", () => {
    expect(catalogPath("acme", "acme-web", "destinations")).toBe(
      "/orgs/acme/projects/acme-web/catalog/destinations",
    );
  });

  it("encode slugs so that one cannot reach another route", () => {
    expect(projectPath("a/b", "c?d")).toBe("/orgs/a%2Fb/projects/c%3Fd");
  });
});
