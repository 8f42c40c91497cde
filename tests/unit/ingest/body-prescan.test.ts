import { describe, expect, it } from "vitest";
import { BodyPrescan } from "@/lib/ingest/body-prescan";

function prescan(text: string, maxDepth: number, chunk = text.length || 1) {
  const scanner = new BodyPrescan(maxDepth);
  const all = new TextEncoder().encode(text);
  let fits = true;
  for (let i = 0; i < all.length && fits; i += chunk) fits = scanner.scan(all.subarray(i, i + chunk));
  return { fits, apiKey: scanner.apiKey };
}
const fits = (text: string, max: number, chunk?: number) => prescan(text, max, chunk).fits;
const keyOf = (text: string, chunk?: number) => prescan(text, 64, chunk).apiKey;

describe("BodyPrescan: depth", () => {
  it("refuses the first bracket past the limit, objects and arrays alike", () => {
    expect(fits('{"a":[{"b":1}]}', 3)).toBe(true);
    expect(fits('{"a":[{"b":1}]}', 2)).toBe(false);
    expect(fits("[[[]]]", 3)).toBe(true);
    expect(fits("[[[[]]]]", 3)).toBe(false);
    // Depth is nesting, not the count of brackets: siblings do not add up.
    expect(fits('[{"a":1},{"b":[2]},{"c":{"d":3}}]', 3)).toBe(true);
  });

  it("does not count brackets inside strings, nor quotes that are escaped", () => {
    expect(fits('{"k":"[[[[{{{{"}', 1)).toBe(true);
    expect(fits('{"k":"a\\"[[[["}', 1)).toBe(true);
    // An escaped backslash ends before the quote: the string closes, and the brackets count.
    expect(fits('{"k":"a\\\\",[[["x"]]]}', 3)).toBe(false);
    expect(fits('{"k":"😀[[[["}', 1)).toBe(true);
  });

  it("carries its state across chunks, one byte at a time included", () => {
    const text = `{"k":"a\\"[[[[","v":${"[".repeat(40)}${"]".repeat(40)}}`;
    expect(fits(text, 41, 1)).toBe(true);
    expect(fits(text, 40, 1)).toBe(false);
    expect(fits(text, 40, 7)).toBe(false);
  });

  it("needs no valid JSON: it judges nesting alone and leaves the rest to the parser", () => {
    expect(fits("]]]]][[", 2)).toBe(true);
    expect(fits('"unterminated [[[[[[', 1)).toBe(true);
  });
});

describe("BodyPrescan: the top-level api_key", () => {
  it("reads it wherever it stands at the top level, as JSON.parse would", () => {
    const key = "d3a1a0f1e5c2b4a6d8e0f2a4c6e8b0d2";
    expect(keyOf(`{"api_key":"${key}","events":[]}`)).toBe(key);
    expect(keyOf(`{ "events" : [{"api_key":"inner"}] , "api_key" : "${key}" }`)).toBe(key);
    expect(keyOf(`{"api_key":"${key}","events":[]}`, 1)).toBe(key);
    expect(keyOf(`{"events":[{"api_key":"inner","x":{"api_key":"deeper"}}]}`)).toBeUndefined();
    expect(keyOf(`{"note":"api_key","v":"x"}`)).toBeUndefined();
  });

  it("keeps the last one, as JSON.parse does, even when that one is not a string", () => {
    expect(keyOf('{"api_key":"first","api_key":"second"}')).toBe("second");
    expect(keyOf('{"api_key":"first","api_key":5}')).toBeUndefined();
  });

  it("leaves to the parser what it cannot read plainly", () => {
    expect(keyOf('{"api_key":"a\\u0062c"}')).toBeUndefined();
    expect(keyOf('{"api\\u005fkey":"other","api_key":"plain"}')).toBeUndefined();
    expect(keyOf(`{"api_key":"${"k".repeat(300)}"}`)).toBeUndefined();
    expect(keyOf('["api_key","x"]')).toBeUndefined();
  });
});
