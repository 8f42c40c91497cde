// A small SQL tokenizer: enough to find statement shapes and identifiers, and to rewrite
// names for the embedded engine without touching string literals.

export type Token =
  | { kind: "word"; text: string; upper: string; start: number; end: number }
  | { kind: "quoted"; text: string; start: number; end: number } // `identifier`
  | { kind: "string"; text: string; start: number; end: number } // 'literal' (unescaped value)
  | { kind: "number"; text: string; start: number; end: number }
  | { kind: "param"; text: string; start: number; end: number } // :name
  | { kind: "punct"; text: string; start: number; end: number };

const WORD = /[A-Za-z_][A-Za-z0-9_$]*/y;
const NUMBER = /\d+(\.\d+)?([eE][+-]?\d+)?[LlDd]?/y;
const PARAM = /:[A-Za-z_][A-Za-z0-9_]*/y;
const PUNCT = /<=|>=|<>|!=|==|::|\|\||[(),.;*=<>+\-/%\[\]{}:]/y;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const match = (re: RegExp) => {
    re.lastIndex = i;
    const m = re.exec(sql);
    return m ? m[0] : null;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
    } else if (c === "/" && sql[i + 1] === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (c === "'" || c === '"') {
      const start = i++;
      let text = "";
      while (i < sql.length && sql[i] !== c) {
        const unicode = sql[i] === "\\" && /^u[0-9a-fA-F]{4}$/.test(sql.slice(i + 1, i + 6));
        if (unicode) {
          // \uXXXX: a UTF-16 code unit, as Spark's string literals have it.
          text += String.fromCharCode(parseInt(sql.slice(i + 2, i + 6), 16));
          i += 6;
        } else if (sql[i] === "\\" && i + 1 < sql.length) {
          text += sql[i + 1];
          i += 2;
        } else text += sql[i++];
      }
      if (i >= sql.length) throw new Error(`unterminated string at ${start}`);
      i++;
      tokens.push({ kind: "string", text, start, end: i });
    } else if (c === "`") {
      const start = i++;
      let text = "";
      for (;;) {
        if (i >= sql.length) throw new Error(`unterminated identifier at ${start}`);
        if (sql[i] === "`") {
          if (sql[i + 1] === "`") {
            text += "`";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += sql[i++];
      }
      tokens.push({ kind: "quoted", text, start, end: i });
    } else {
      const start = i;
      let text: string | null;
      if ((text = match(WORD))) {
        i += text.length;
        tokens.push({ kind: "word", text, upper: text.toUpperCase(), start, end: i });
      } else if ((text = match(NUMBER))) {
        i += text.length;
        tokens.push({ kind: "number", text, start, end: i });
      } else if ((text = match(PARAM)) && !(tokens.at(-1)?.kind === "punct" && tokens.at(-1)?.text === ":")) {
        i += text.length;
        tokens.push({ kind: "param", text: text.slice(1), start, end: i });
      } else if ((text = match(PUNCT))) {
        i += text.length;
        tokens.push({ kind: "punct", text, start, end: i });
      } else {
        throw new Error(`unexpected character '${c}' at ${i}`);
      }
    }
  }
  return tokens;
}

/** Reads tokens with a cursor; the statement parsers are written against it. */
export class Cursor {
  i = 0;
  constructor(readonly tokens: Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  done(): boolean {
    return (
      this.i >= this.tokens.length ||
      (this.peek()?.kind === "punct" && this.peek()?.text === ";" && this.i === this.tokens.length - 1)
    );
  }
  isWord(...words: string[]): boolean {
    const t = this.peek();
    return t?.kind === "word" && words.includes(t.upper);
  }
  acceptWords(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) {
      const t = this.peek(k);
      if (t?.kind !== "word" || t.upper !== words[k]) return false;
    }
    this.i += words.length;
    return true;
  }
  expectWord(word: string): void {
    if (!this.acceptWords(word)) throw new SyntaxErrorAt(this.peek());
  }
  isPunct(text: string): boolean {
    const t = this.peek();
    return t?.kind === "punct" && t.text === text;
  }
  acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.i++;
    return true;
  }
  expectPunct(text: string): void {
    if (!this.acceptPunct(text)) throw new SyntaxErrorAt(this.peek());
  }
  next(): Token {
    const t = this.peek();
    if (!t) throw new SyntaxErrorAt(undefined);
    this.i++;
    return t;
  }
  /** An identifier: a word or a `quoted` name. */
  identifier(): string {
    const t = this.next();
    if (t.kind === "word" || t.kind === "quoted") return t.text;
    throw new SyntaxErrorAt(t);
  }
  /** A dotted name of one to three parts. */
  qualifiedName(): string[] {
    const parts = [this.identifier()];
    while (this.isPunct(".")) {
      this.i++;
      parts.push(this.identifier());
    }
    if (parts.length > 3) throw new SyntaxErrorAt(this.peek());
    return parts;
  }
  string(): string {
    const t = this.next();
    if (t.kind !== "string") throw new SyntaxErrorAt(t);
    return t.text;
  }
  expectEnd(): void {
    this.acceptPunct(";");
    if (this.i < this.tokens.length) throw new SyntaxErrorAt(this.peek());
  }
}

export class SyntaxErrorAt extends Error {
  constructor(readonly token: Token | undefined) {
    super(`syntax error at ${token ? token.text : "end of input"}`);
  }
}
