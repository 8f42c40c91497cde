import { describe, expect, it } from "vitest";
import { safeCallback } from "@/lib/auth/safe-callback";

describe("safeCallback", () => {
  it("keeps a path on this portal, with its query and fragment", () => {
    expect(safeCallback("/orgs/acme/projects/web/catalog/destinations?tab=runs#top")).toBe(
      "/orgs/acme/projects/web/catalog/destinations?tab=runs#top",
    );
  });

  it("sends anything that could lead to another origin to /", () => {
    for (const hostile of [
      undefined,
      "",
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example", // a browser reads "\" as "/"
      "/\t/evil.example", // and drops tabs and newlines
      "/\n/evil.example",
      "\\\\evil.example",
      "/%0a/evil.example/../",
      "javascript:alert(1)",
      " /x",
    ])
      expect(safeCallback(hostile), JSON.stringify(hostile)).toMatch(/^\/(?!\/)/);
    for (const hostile of ["/\\evil.example", "/\t/evil.example", "//evil.example", "https://evil.example/"])
      expect(safeCallback(hostile)).toBe("/");
  });
});
