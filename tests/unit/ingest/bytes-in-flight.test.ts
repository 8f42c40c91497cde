import { describe, expect, it } from "vitest";
import { ByteBudget } from "@/lib/ingest/bytes-in-flight";

describe("ByteBudget", () => {
  it("takes bytes while they fit, and gives them back", () => {
    const budget = new ByteBudget(100);
    expect(budget.tryTake(60)).toBe(true);
    expect(budget.tryTake(41)).toBe(false);
    expect(budget.inUse).toBe(60);
    expect(budget.tryTake(40)).toBe(true);
    budget.give(60);
    expect(budget.inUse).toBe(40);
    expect(budget.tryTake(60)).toBe(true);
    expect(budget.tryTake(1)).toBe(false);
  });
});
