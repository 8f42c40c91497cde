import { afterEach, describe, expect, it, vi } from "vitest";
import { setupToken, setupTokenMatches } from "@/lib/setup/setup-token";

// Which token first-run setup asks for: a public production deployment is never claimable
// without one from its environment.

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the setup token", () => {
  it("is SETUP_TOKEN whenever it is set", () => {
    for (const NODE_ENV of ["production", "development", "test"] as const)
      expect(setupToken({ NODE_ENV, SETUP_TOKEN: "a-token-of-24-characters" })).toBe(
        "a-token-of-24-characters",
      );
  });

  it("is missing outside development without SETUP_TOKEN: setup stays closed", () => {
    expect(setupToken({ NODE_ENV: "production", SETUP_TOKEN: undefined })).toBeNull();
    expect(setupToken({ NODE_ENV: "test", SETUP_TOKEN: undefined })).toBeNull();
  });

  it("is generated once in development, and printed for the developer", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const first = setupToken({ NODE_ENV: "development", SETUP_TOKEN: undefined });
    expect(first).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(setupToken({ NODE_ENV: "development", SETUP_TOKEN: undefined })).toBe(first);
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]![0])).toContain(`/setup?token=${first}`);
  });

  it("is compared exactly", () => {
    expect(setupTokenMatches("a-token-of-24-characters", "a-token-of-24-characters")).toBe(true);
    expect(setupTokenMatches("a-token-of-24-characterz", "a-token-of-24-characters")).toBe(false);
    expect(setupTokenMatches("", "a-token-of-24-characters")).toBe(false);
  });
});
