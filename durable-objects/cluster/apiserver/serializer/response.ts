// JSON responses as kube-apiserver writes them: encoding/json's bytes (`<`, `>`, `&`, U+2028 and U+2029 escaped),
// then a newline (json.Encoder.Encode), or indented without one when the client asks for pretty output
// (json.MarshalIndent; kube's negotiation.isPrettyPrint: `?pretty=` or a curl, Wget or browser User-Agent).
import { encodeObject } from "./json";

const GO_ESCAPES: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };

/**
 * JSON text with the characters encoding/json escapes (HTML-safe output). They never occur outside strings in
 * JSON, so replacing them over the whole text is exact.
 */
export function goEscape(json: string): string {
  return /[<>&\u2028\u2029]/.test(json) ? json.replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]!) : json;
}

/** Compact JSON text re-indented as json.MarshalIndent(v, "", "  ") writes it (empty {} and [] stay closed). */
export function indentJson(json: string): string {
  let out = "";
  let depth = 0;
  const newline = () => "\n" + "  ".repeat(depth);
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (c === '"') {
      let j = i + 1;
      while (json[j] !== '"') j += json[j] === "\\" ? 2 : 1;
      out += json.slice(i, j + 1);
      i = j;
    } else if (c === "{" || c === "[") {
      const next = json[i + 1];
      if (next === "}" || next === "]") {
        out += c + next;
        i++;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === "}" || c === "]") {
      depth--;
      out += newline() + c;
    } else if (c === ",") out += "," + newline();
    else if (c === ":") out += ": ";
    else out += c;
  }
  return out;
}

/** kube's isPrettyPrint: `?pretty=` (strconv.ParseBool; invalid is false) when non-empty, else the User-Agent. */
export function isPrettyPrint(url: URL, userAgent: string | null): boolean {
  const pretty = url.searchParams.get("pretty");
  if (pretty) return ["1", "t", "T", "TRUE", "true", "True"].includes(pretty);
  const ua = userAgent ?? "";
  return ua.startsWith("curl") || ua.startsWith("Wget") || ua.startsWith("Mozilla/5.0");
}

/** The body of a JSON response from JSON text: a trailing newline, or indented when pretty. */
export function jsonText(json: string, pretty = false): string {
  const escaped = goEscape(json);
  return pretty ? indentJson(escaped) : escaped + "\n";
}

export interface JsonResponseInit {
  status?: number;
  headers?: Record<string, string>;
  pretty?: boolean;
}

/** A response carrying an API object (by its Go type, see ./json) or any other JSON value. */
export function objectResponse(body: unknown, init: JsonResponseInit = {}): Response {
  return textResponse(encodeObject(body), init);
}

/** A response carrying JSON text already encoded. */
export function textResponse(json: string, init: JsonResponseInit = {}): Response {
  return new Response(jsonText(json, init.pretty), {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json", ...init.headers },
  });
}
