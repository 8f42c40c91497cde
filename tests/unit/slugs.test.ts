import { describe, expect, it } from "vitest";
import { MAX_SLUG_BASE_LENGTH, slugOf, uniqueSlug } from "@/lib/slugs";

describe("slugOf", () => {
  it("keeps lowercase letters and digits, with single dashes between words", () => {
    expect(slugOf("Acme Web", "project")).toBe("acme-web");
    expect(slugOf("  Mobile App (iOS) -- v2  ", "project")).toBe("mobile-app-ios-v2");
    expect(slugOf("web_site.2026", "project")).toBe("web-site-2026");
  });

  it("drops accents rather than the letters they sit on", () => {
    expect(slugOf("Café Ünïon", "project")).toBe("cafe-union");
    expect(slugOf("Øresund ﬁnance", "project")).toBe("oresund-finance");
    expect(slugOf("Łódź Straße", "project")).toBe("lodz-strasse");
  });

  it("leaves nothing of a hostile name that could reach another route", () => {
    expect(slugOf("../../admin?x=1#top", "project")).toBe("admin-x-1-top");
    expect(slugOf("a/b\\c%2F", "project")).toBe("a-b-c-2f");
  });

  it("falls back when nothing of the name is left", () => {
    expect(slugOf("日本語", "project")).toBe("project");
    expect(slugOf("---", "organization")).toBe("organization");
    expect(slugOf("🚀", "project")).toBe("project");
  });

  it("is at most the base length, and never ends in a dash once cut", () => {
    const slug = slugOf(`${"a".repeat(MAX_SLUG_BASE_LENGTH - 1)} b`, "project");
    expect(slug).toBe("a".repeat(MAX_SLUG_BASE_LENGTH - 1));
    expect(slugOf("x".repeat(300), "project")).toHaveLength(MAX_SLUG_BASE_LENGTH);
  });
});

describe("uniqueSlug", () => {
  it("is the base when no one holds it", () => {
    expect(uniqueSlug("web", new Set(["web-app", "website"]))).toBe("web");
  });

  it("counts from -2 past every slug held", () => {
    expect(uniqueSlug("web", new Set(["web"]))).toBe("web-2");
    expect(uniqueSlug("web", new Set(["web", "web-2", "web-3"]))).toBe("web-4");
    // A gap is reused: the set is every slug ever given, so a free one was never handed out.
    expect(uniqueSlug("web", new Set(["web", "web-3"]))).toBe("web-2");
  });

  it("never gives a reserved slug: the static routes would shadow it", () => {
    expect(uniqueSlug("new", new Set())).toBe("new-2");
    expect(uniqueSlug("new", new Set(["new-2"]))).toBe("new-3");
  });
});
