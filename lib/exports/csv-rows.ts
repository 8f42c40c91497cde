// Finds the ends of rows in PostgreSQL's CSV output as it streams by, so a file can be cut after
// a whole row. A newline ends a row unless it lies inside a quoted field; a quote inside a quoted
// field is written twice, so the parity of the quotes seen tells whether we are inside one.
// Each row starts with its txid and id, unquoted digits: the key of the last whole row is kept,
// for the next file to start after it.

const QUOTE = 0x22;
const NEWLINE = 0x0a;
/** Enough of a row's start to hold "txid,id," (two bigints). */
const HEAD_BYTES = 48;

export class CsvRows {
  private inQuotes = false;
  private head: Buffer[] = [];
  private headLength = 0;
  private lastHead: Buffer | null = null;

  /**
   * Reads the next chunk of the stream. Counts the rows that end in it, and stops after the
   * row with which the bytes read reach `budget`: `keep` is how much of the chunk belongs to
   * the file, `full` whether the budget was reached.
   */
  scan(chunk: Buffer, budget: number): { rows: number; keep: number; full: boolean } {
    let rows = 0;
    let position = 0;
    this.keepHead(chunk, 0);
    while (position < chunk.length) {
      if (this.inQuotes) {
        const quote = chunk.indexOf(QUOTE, position);
        if (quote < 0) break;
        this.inQuotes = false;
        position = quote + 1;
        continue;
      }
      const newline = chunk.indexOf(NEWLINE, position);
      const quote = chunk.indexOf(QUOTE, position);
      if (newline >= 0 && (quote < 0 || newline < quote)) {
        position = newline + 1;
        rows++;
        this.lastHead = Buffer.concat(this.head, this.headLength);
        this.head = [];
        this.headLength = 0;
        if (position >= budget) return { rows, keep: position, full: true };
        this.keepHead(chunk, position);
      } else if (quote >= 0) {
        this.inQuotes = true;
        position = quote + 1;
      } else break;
    }
    return { rows, keep: chunk.length, full: false };
  }

  /** The txid and id of the last whole row seen. */
  lastKey(): { txid: string; id: string } | null {
    if (!this.lastHead) return null;
    const match = /^(\d+),(\d+),/.exec(this.lastHead.toString("latin1"));
    if (!match) throw new Error("a CSV row does not start with its txid and id");
    return { txid: match[1]!, id: match[2]! };
  }

  private keepHead(chunk: Buffer, from: number) {
    if (this.headLength >= HEAD_BYTES || from >= chunk.length) return;
    const piece = Buffer.from(chunk.subarray(from, from + HEAD_BYTES - this.headLength));
    this.head.push(piece);
    this.headLength += piece.length;
  }
}
