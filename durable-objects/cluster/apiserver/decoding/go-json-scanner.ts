// Go's encoding/json syntax check (scanner.go's checkValid), so that a malformed body gets the error
// text kube-apiserver gives ("invalid character 'a' looking for beginning of value", "unexpected end
// of JSON input", "invalid character '[' exceeded max depth"). A state machine over the text with an explicit stack: no
// recursion, so no nesting depth can exhaust the call stack, and Go's limit of 10,000 levels holds.

/** encoding/json's maxNestingDepth. */
export const MAX_NESTING_DEPTH = 10_000;

const enum Ctx {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

/** Go's quoteChar: how a scanner error shows the offending character (Go sees bytes: a multi-byte character shows as its first byte). */
function quoteChar(c: string): string {
  if (c.codePointAt(0)! >= 0x80) c = String.fromCharCode(new TextEncoder().encode(c)[0]!);
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  return `'${goQuoteRune(c)}'`;
}

/** The inside of strconv.Quote(string(c)) for one character. */
function goQuoteRune(c: string): string {
  const code = c.codePointAt(0)!;
  switch (c) {
    case "\u0007":
      return "\\a";
    case "\b":
      return "\\b";
    case "\f":
      return "\\f";
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    case "\v":
      return "\\v";
    case "\\":
      return "\\\\";
  }
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code === 0xfffd) return "\\ufffd";
  // Printable by Go's unicode.IsPrint for all but a few ranges; close enough for error texts.
  if ((code >= 0x80 && code < 0xa0) || code === 0xad) return code <= 0xff ? `\\u00${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  return c;
}

const isSpace = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isDigit = (c: string) => c >= "0" && c <= "9";
const isHex = (c: string) => isDigit(c) || (c >= "a" && c <= "f") || (c >= "A" && c <= "F");

/**
 * The error encoding/json reports for `text`, or null when it is one valid JSON value. Positions are
 * not part of Go's message, so none is returned.
 */
export function goJsonSyntaxError(text: string, maxDepth = MAX_NESTING_DEPTH): string | null {
  const stack: Ctx[] = [];
  const n = text.length;
  let i = 0;
  const fail = (c: string, context: string) => `invalid character ${quoteChar(c)} ${context}`;

  // Each iteration parses one value (or opens a container), then what may follow it.
  for (;;) {
    // ---- a value is expected (stateBeginValue, or stateBeginStringOrEmpty right after '{' / '[') ----
    while (i < n && isSpace(text[i]!)) i++;
    if (i >= n) return "unexpected end of JSON input";
    let c = text[i]!;
    if (c === "{" || c === "[") {
      // Go pushes the container before it looks inside: even an empty one counts against the depth.
      if (stack.length >= maxDepth) return fail(c, "exceeded max depth");
      const object = c === "{";
      i++;
      while (i < n && isSpace(text[i]!)) i++;
      if (i >= n) return "unexpected end of JSON input";
      if (text[i] === (object ? "}" : "]")) {
        i++;
      } else {
        stack.push(object ? Ctx.ObjectKey : Ctx.ArrayValue);
        if (object && text[i] !== '"') return fail(text[i]!, "looking for beginning of object key string");
        continue;
      }
    } else if (c === '"') {
      const err = scanString();
      if (err) return err;
    } else if (c === "-" || isDigit(c)) {
      const err = scanNumber();
      if (err) return err;
    } else if (c === "t" || c === "f" || c === "n") {
      const word = c === "t" ? "true" : c === "f" ? "false" : "null";
      i++;
      for (let k = 1; k < word.length; k++, i++) {
        // At the end Go's scanner is fed a space: the literal is then cut short by that space.
        if (i >= n) return fail(" ", `in literal ${word} (expecting ${quoteChar(word[k]!)})`);
        if (text[i] !== word[k]) return fail(text[i]!, `in literal ${word} (expecting ${quoteChar(word[k]!)})`);
      }
    } else {
      return fail(c, "looking for beginning of value");
    }

    // ---- after a complete value (stateEndValue / stateEndTop) ----
    for (;;) {
      while (i < n && isSpace(text[i]!)) i++;
      if (stack.length === 0) {
        if (i < n) return fail(text[i]!, "after top-level value");
        return null;
      }
      if (i >= n) return "unexpected end of JSON input";
      c = text[i]!;
      const top = stack[stack.length - 1]!;
      if (top === Ctx.ObjectKey) {
        if (c !== ":") return fail(c, "after object key");
        i++;
        stack[stack.length - 1] = Ctx.ObjectValue;
        break; // a value follows
      }
      if (top === Ctx.ObjectValue) {
        if (c === ",") {
          i++;
          stack[stack.length - 1] = Ctx.ObjectKey;
          while (i < n && isSpace(text[i]!)) i++;
          if (i >= n) return "unexpected end of JSON input";
          if (text[i] !== '"') return fail(text[i]!, "looking for beginning of object key string");
          break; // the key (a string value) follows
        }
        if (c === "}") {
          i++;
          stack.pop();
          continue;
        }
        return fail(c, "after object key:value pair");
      }
      // ArrayValue
      if (c === ",") {
        i++;
        break;
      }
      if (c === "]") {
        i++;
        stack.pop();
        continue;
      }
      return fail(c, "after array element");
    }
  }

  function scanString(): string | null {
    i++; // the opening quote
    for (;;) {
      if (i >= n) return "unexpected end of JSON input";
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return null;
      }
      if (ch === "\\") {
        i++;
        if (i >= n) return fail(" ", "in string escape code");
        const e = text[i]!;
        if (e === "u") {
          i++;
          for (let k = 0; k < 4; k++, i++) {
            if (i >= n) return fail(" ", "in \\u hexadecimal character escape");
            if (!isHex(text[i]!)) return fail(text[i]!, "in \\u hexadecimal character escape");
          }
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) return fail(e, "in string escape code");
        i++;
        continue;
      }
      if (ch < " ") return fail(ch, "in string literal");
      i += ch.length;
    }
  }

  function scanNumber(): string | null {
    if (text[i] === "-") {
      i++;
      if (i >= n) return fail(" ", "in numeric literal");
      if (!isDigit(text[i]!)) return fail(text[i]!, "in numeric literal");
    }
    if (text[i] === "0") i++;
    else while (i < n && isDigit(text[i]!)) i++;
    if (i < n && text[i] === ".") {
      i++;
      if (i >= n) return fail(" ", "after decimal point in numeric literal");
      if (!isDigit(text[i]!)) return fail(text[i]!, "after decimal point in numeric literal");
      while (i < n && isDigit(text[i]!)) i++;
    }
    if (i < n && (text[i] === "e" || text[i] === "E")) {
      i++;
      if (i < n && (text[i] === "+" || text[i] === "-")) i++;
      if (i >= n) return fail(" ", "in exponent of numeric literal");
      if (!isDigit(text[i]!)) return fail(text[i]!, "in exponent of numeric literal");
      while (i < n && isDigit(text[i]!)) i++;
    }
    return null;
  }
}
