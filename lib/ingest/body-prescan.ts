// What an ingest body reveals on its bytes as they arrive, before anything is parsed into
// objects (issue 14, item 1): how deep it nests, and its top-level "api_key" string.
// - JSON.parse of a deeply nested body costs the event loop and the heap far more than its
//   size suggests (a 19 MB nested /batch body blocked the process for 8.7 s).
// - A large body without a known key is refused before it is parsed (a 19 MB body of small
//   objects parses into some 600 MB of heap).
// Neither needs valid JSON: the parser judges the rest. In UTF-8 every byte of a multi-byte
// character is >= 0x80, so the ASCII bytes looked for here are never part of one.

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
/** Longer top-level keys and values are not captured: an API key is 32 characters. */
const MAX_CAPTURED_BYTES = 256;

export class BodyPrescan {
  private depth = 0;
  private inString = false;
  private escaped = false;
  // Top level only: whether the next string is a key, the key last read, and what is captured.
  private expectKey = false;
  private lastKey: string | null = null;
  private capture: { of: "key" | "value"; bytes: number[]; usable: boolean } | null = null;
  private key: string | undefined;
  /** A top-level key with an escape might spell "api_key": then only the parser can tell. */
  private ambiguous = false;

  constructor(readonly maxDepth: number) {}

  /**
   * The last top-level "api_key" string value, as JSON.parse would keep it; undefined when there
   * is none, or it could not be read plainly (escapes, not a string, longer than 256 bytes).
   */
  get apiKey(): string | undefined {
    return this.ambiguous ? undefined : this.key;
  }

  /** Scans the next bytes; false as soon as the text nests deeper than `maxDepth`. */
  scan(bytes: Uint8Array): boolean {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) {
          this.escaped = true;
          if (this.capture) this.capture.usable = false;
        } else if (byte === QUOTE) {
          this.inString = false;
          this.endCapture();
        } else if (this.capture?.usable) {
          // Kept up to the limit only: a long string costs nothing more to scan.
          if (this.capture.bytes.length < MAX_CAPTURED_BYTES) this.capture.bytes.push(byte);
          else this.capture.usable = false;
        }
        continue;
      }
      if (byte === QUOTE) {
        this.inString = true;
        if (this.depth === 1) this.startCapture();
      } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        if (++this.depth > this.maxDepth) return false;
        if (this.depth === 1) this.expectKey = byte === OPEN_OBJECT;
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) this.depth--;
      else if (this.depth === 1 && byte === COMMA) {
        this.expectKey = true;
        this.lastKey = null;
      } else if (this.depth === 1 && byte === COLON) this.expectKey = false;
    }
    return true;
  }

  private startCapture() {
    if (this.expectKey) this.capture = { of: "key", bytes: [], usable: true };
    else if (this.lastKey === "api_key") this.capture = { of: "value", bytes: [], usable: true };
  }

  private endCapture() {
    const capture = this.capture;
    this.capture = null;
    if (!capture) return;
    const text = capture.usable ? Buffer.from(capture.bytes).toString("utf8") : null;
    if (capture.of === "value") {
      this.key = text ?? undefined;
      return;
    }
    if (text === null) this.ambiguous = true;
    this.lastKey = text;
    // A later "api_key" replaces an earlier one, as in JSON.parse, even with a value not a string.
    if (text === "api_key") this.key = undefined;
  }
}
