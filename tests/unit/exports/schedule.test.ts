import { afterEach, describe, expect, it } from "vitest";
import { FREQUENCIES } from "@/lib/destinations/destination-input";
import { nextTick, startOfDayUtc } from "@/lib/exports/schedule";

const at = (iso: string) => new Date(iso);
const tick = (iso: string, frequencyMinutes: number) => nextTick(at(iso), frequencyMinutes).toISOString();

// Some tests run in other zones: a schedule built on local dates or local midnight would give
// other days there, or ticks shifted by the zone's offset. Each test gets the original zone back.
const originalTz = process.env.TZ;
/** Switches the process's zone, and checks that Date sees it (so these tests can fail). */
function inZone(tz: string) {
  process.env.TZ = tz;
  expect(new Date("2026-01-15T12:00:00.000Z").getTimezoneOffset(), tz).not.toBe(0);
}
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe("nextTick", () => {
  it("is the next multiple of the frequency after UTC midnight, for each offered frequency", () => {
    const now = "2026-11-24T10:07:30.000Z";
    const expected: Record<number, string> = {
      15: "2026-11-24T10:15:00.000Z",
      30: "2026-11-24T10:30:00.000Z",
      60: "2026-11-24T11:00:00.000Z",
      180: "2026-11-24T12:00:00.000Z",
      360: "2026-11-24T12:00:00.000Z",
      720: "2026-11-24T12:00:00.000Z",
      1440: "2026-11-25T00:00:00.000Z",
    };
    expect(FREQUENCIES.map((f) => f.minutes)).toEqual(Object.keys(expected).map(Number));
    for (const { minutes } of FREQUENCIES) expect(tick(now, minutes), `${minutes}`).toBe(expected[minutes]);
  });

  it("is strictly after now: exactly on a tick gives the following one", () => {
    expect(tick("2026-11-24T10:15:00.000Z", 15)).toBe("2026-11-24T10:30:00.000Z");
    expect(tick("2026-11-24T10:14:59.999Z", 15)).toBe("2026-11-24T10:15:00.000Z");
    expect(tick("2026-11-24T12:00:00.000Z", 720)).toBe("2026-11-25T00:00:00.000Z");
    expect(tick("2026-11-24T00:00:00.000Z", 60)).toBe("2026-11-24T01:00:00.000Z");
    expect(tick("2026-11-24T00:00:00.000Z", 1440)).toBe("2026-11-25T00:00:00.000Z");
  });

  it("rolls over to the next UTC midnight at the end of a day, month and year", () => {
    expect(tick("2026-11-24T23:59:59.999Z", 15)).toBe("2026-11-25T00:00:00.000Z");
    expect(tick("2026-11-24T21:00:00.000Z", 180)).toBe("2026-11-25T00:00:00.000Z");
    expect(tick("2026-11-30T23:50:00.000Z", 30)).toBe("2026-12-01T00:00:00.000Z");
    expect(tick("2026-12-31T18:00:00.000Z", 360)).toBe("2027-01-01T00:00:00.000Z");
    expect(tick("2028-02-28T23:00:00.000Z", 1440)).toBe("2028-02-29T00:00:00.000Z"); // leap day
  });

  it("gives 1440 / frequency evenly spaced ticks a day, each on a UTC boundary", () => {
    for (const { minutes } of FREQUENCIES) {
      const ticks: number[] = [];
      let now = at("2026-11-24T00:00:00.000Z");
      while (now.getTime() < at("2026-11-25T00:00:00.000Z").getTime()) {
        now = nextTick(now, minutes);
        ticks.push(now.getTime());
      }
      expect(ticks, `${minutes}`).toHaveLength(1440 / minutes);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBe(minutes * 60_000);
      for (const t of ticks) expect((t - Date.UTC(2026, 10, 24)) % (minutes * 60_000)).toBe(0);
    }
  });

  it("ignores daylight saving time and the process's time zone", () => {
    for (const tz of ["Europe/Berlin", "America/Los_Angeles", "Pacific/Kiritimati", "Asia/Kolkata"]) {
      inZone(tz);
      // Europe's spring-forward (01:00 UTC) and fall-back (01:00 UTC) hours, and the US's (10:00 UTC).
      expect(tick("2026-03-29T00:50:00.000Z", 60), tz).toBe("2026-03-29T01:00:00.000Z");
      expect(tick("2026-03-29T01:00:00.000Z", 60), tz).toBe("2026-03-29T02:00:00.000Z");
      expect(tick("2026-10-25T00:30:00.000Z", 60), tz).toBe("2026-10-25T01:00:00.000Z");
      expect(tick("2026-10-25T01:30:00.000Z", 60), tz).toBe("2026-10-25T02:00:00.000Z");
      expect(tick("2026-03-08T09:45:00.000Z", 30), tz).toBe("2026-03-08T10:00:00.000Z");
      // Half-hour zones and zones a day ahead of UTC still tick on UTC boundaries.
      expect(tick("2026-11-24T23:20:00.000Z", 360), tz).toBe("2026-11-25T00:00:00.000Z");
      expect(tick("2026-11-24T10:07:00.000Z", 180), tz).toBe("2026-11-24T12:00:00.000Z");
    }
  });
});

describe("startOfDayUtc", () => {
  it("is midnight UTC of the same UTC day", () => {
    expect(startOfDayUtc(at("2026-11-24T10:07:30.123Z")).toISOString()).toBe("2026-11-24T00:00:00.000Z");
    expect(startOfDayUtc(at("2026-11-24T23:59:59.999Z")).toISOString()).toBe("2026-11-24T00:00:00.000Z");
    expect(startOfDayUtc(at("2026-11-24T00:00:00.000Z")).toISOString()).toBe("2026-11-24T00:00:00.000Z");
    expect(startOfDayUtc(at("2028-02-29T12:00:00.000Z")).toISOString()).toBe("2028-02-29T00:00:00.000Z");
    expect(startOfDayUtc(at("2027-01-01T00:00:00.001Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("does not depend on the process's time zone, where the local date differs from UTC's", () => {
    for (const tz of ["Pacific/Kiritimati", "America/Los_Angeles", "Europe/Berlin"]) {
      inZone(tz);
      // 23:30 UTC is already the next day in Kiritimati (+14); 00:30 UTC is still the previous one in LA.
      expect(startOfDayUtc(at("2026-03-29T23:30:00.000Z")).toISOString(), tz).toBe(
        "2026-03-29T00:00:00.000Z",
      );
      expect(startOfDayUtc(at("2026-03-29T00:30:00.000Z")).toISOString(), tz).toBe(
        "2026-03-29T00:00:00.000Z",
      );
    }
  });

  it("is the day on which nextTick's ticks are aligned", () => {
    const now = at("2026-11-24T10:07:30.000Z");
    for (const { minutes } of FREQUENCIES) {
      const offset = nextTick(now, minutes).getTime() - startOfDayUtc(now).getTime();
      expect(offset % (minutes * 60_000)).toBe(0);
    }
  });
});
