import { describe, expect, it } from "vitest";
import { eventTypeFromSegment, eventTypePath, eventTypeSegment } from "@/lib/catalog/event-type-path";

describe("event type URL segments", () => {
  it("keep plain names readable", () => {
    expect(eventTypeSegment("page_view")).toBe("page_view");
    expect(eventTypeSegment("Song Played")).toBe("Song~20Played");
    expect(eventTypePath("acme", "acme-web", "a/b")).toBe(
      "/orgs/acme/projects/acme-web/catalog/events/types/a~2fb",
    );
  });

  it("round-trip any event type through unreserved characters only", () => {
    const hostile = [
      ".",
      "..",
      "...",
      "~",
      "~41",
      "a/b",
      "../../settings",
      "100%",
      "%2e%2e",
      "a?b#c&d=e",
      "Ünïcødé ✓",
      "emoji 🎵",
      "\uFEFFbom",
      "$identify",
      " spaced ",
      "x".repeat(1024),
    ];
    for (const eventType of hostile) {
      const segment = eventTypeSegment(eventType);
      expect(segment).toMatch(/^[A-Za-z0-9_~-]+$/);
      expect(segment).not.toMatch(/^\.{1,2}$/);
      expect(eventTypeFromSegment(segment)).toBe(eventType);
      // A page param reads the same whether Next.js percent-decoded it or not.
      expect(decodeURIComponent(segment)).toBe(segment);
    }
  });

  it("refuse segments no link makes", () => {
    for (const segment of ["", "%41", "a b", "~4", "~zz", "~41", "~ff", "~c3", "a.b", "~2F"])
      expect(eventTypeFromSegment(segment)).toBeNull();
  });
});
