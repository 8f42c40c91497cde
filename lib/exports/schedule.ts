// When destinations run: on ticks aligned to UTC midnight, every `frequencyMinutes`.

/** The first tick strictly after `now`. */
export function nextTick(now: Date, frequencyMinutes: number): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const step = frequencyMinutes * 60_000;
  return new Date(midnight + (Math.floor((now.getTime() - midnight) / step) + 1) * step);
}

/** The start of `now`'s day, UTC: "events ingested today and moving forward". */
export function startOfDayUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
