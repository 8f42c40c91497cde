import { describe, expect, it } from "vitest";
import { CsvRows } from "@/lib/exports/csv-rows";

// PostgreSQL's CSV: a field with a comma, quote or newline is quoted, and a quote inside it is
// doubled. Rows start with txid and id.
const rows = [
  '101,1,plain,""\n',
  '101,2,"a ""quoted"" word","line one\nline two"\n',
  '102,3,"comma, inside","ends with a newline\n"\n',
  '9007199254740993,4,"""",x\n',
];
const text = rows.join("");

/** Feeds `text` in chunks of `size` bytes; returns the rows counted and the last key. */
function scanAll(size: number, budget = Infinity) {
  const scanner = new CsvRows();
  const bytes = Buffer.from(text);
  let counted = 0;
  let kept = 0;
  for (let offset = 0; offset < bytes.length; offset += size) {
    const scanned = scanner.scan(bytes.subarray(offset, offset + size), budget - kept);
    counted += scanned.rows;
    kept += scanned.keep;
    if (scanned.full) break;
  }
  return { counted, kept, last: scanner.lastKey() };
}

describe("CsvRows", () => {
  it("counts rows whose quoted fields hold newlines, commas and doubled quotes, in any chunking", () => {
    for (const size of [1, 2, 3, 7, 16, text.length]) {
      expect(scanAll(size), `chunks of ${size}`).toEqual({
        counted: 4,
        kept: Buffer.byteLength(text),
        last: { txid: "9007199254740993", id: "4" },
      });
    }
  });

  it("stops after the row with which the bytes reach the budget", () => {
    const firstTwo = Buffer.byteLength(rows[0]! + rows[1]!);
    for (const size of [1, 5, text.length]) {
      // One byte into the second row: the file ends after it.
      expect(scanAll(size, Buffer.byteLength(rows[0]!) + 1)).toEqual({
        counted: 2,
        kept: firstTwo,
        last: { txid: "101", id: "2" },
      });
      // Exactly at a row's end: that row is the last.
      expect(scanAll(size, firstTwo)).toMatchObject({ counted: 2, kept: firstTwo });
    }
  });

  it("has no key before a whole row", () => {
    const scanner = new CsvRows();
    expect(scanner.scan(Buffer.from('101,1,"open'), Infinity)).toEqual({ rows: 0, keep: 11, full: false });
    expect(scanner.lastKey()).toBeNull();
  });
});
