import { describe, expect, it } from "vitest";
import { Slots, SlotsFull } from "@/lib/auth/verification-slots";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("Slots", () => {
  it("runs at most `size` at a time, queues up to `maxWaiting`, and refuses beyond", async () => {
    const slots = new Slots(2, 3);
    let running = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const work = () =>
      slots.run(async () => {
        most = Math.max(most, ++running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
      });
    const accepted = Array.from({ length: 5 }, work);
    await tick();
    await expect(work()).rejects.toBeInstanceOf(SlotsFull);
    while (gates.length || running) {
      gates.shift()?.();
      await tick();
    }
    await Promise.all(accepted);
    expect(most).toBe(2);
    expect(slots.active).toBe(0);
  });

  it("frees the slot when the work throws", async () => {
    const slots = new Slots(1, 0);
    await expect(slots.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await slots.run(async () => 7)).toBe(7);
  });
});
