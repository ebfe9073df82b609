// What one request body may make the server build: how deep its JSON or YAML nests, and how large a
// YAML document grows once its aliases are expanded. JSON text is scanned before it is parsed; YAML is
// parsed with a depth guard; decoded values are measured without recursing. So no body overflows the
// stack or holds the cluster's single thread in the walkers after this.
//
// kube-apiserver's decoders stop at a depth of 10,000 (Go's encoding/json scanner, go-yaml's scanner;
// k8s.io/apimachinery/pkg/util/json's maxDepth). Our walkers (YAML parsers, patch merges, validation,
// managedFields, JSON.stringify) recurse on a JavaScript stack of about 1 MB, where a YAML parser in a
// cold isolate already overflowed near 1,000 levels and merge patches near 3,000 (measured), so the limit
// here is 500: far above any real object, with room for the frames below. The messages are kube's.
import { CORE_SCHEMA, load as loadYaml, YAMLException, type LoadOptions } from "js-yaml";

/** The deepest a JSON or YAML document may nest (objects and arrays). */
export const MAX_NESTING_DEPTH = 500;
/** What a YAML document may grow to once its aliases are expanded: as large as a request body may be. */
export const MAX_EXPANDED_YAML_BYTES = 3 * 1024 * 1024;

/** A YAML document the limits refuse; the message is go-yaml's. */
export class YamlLimitError extends Error {
  override readonly name = "YamlLimitError";
}

/**
 * A YAML (or JSON) document, parsed within the limits. As kube-apiserver reads YAML bodies: a body that
 * looks like JSON is read as JSON (apimachinery's yaml.ToJSON; kubectl sends server-side apply bodies as
 * JSON), far cheaper than a YAML parse. YAML is read by js-yaml (linear time; the `yaml` package took
 * seconds on a 2 MiB body) with YAML 1.2's core schema, and duplicate keys keep the last value, as
 * go-yaml's non-strict decoding does. Throws YamlLimitError for what the limits refuse, YAMLException
 * for what is no YAML.
 */
export function parseYamlDocument(text: string): unknown {
  const tooDeep = (line?: number) => new YamlLimitError(`yaml: ${line && line > 1 ? `line ${line}: ` : ""}exceeded max depth of ${MAX_NESTING_DEPTH}`);
  if (/^\s*\{/.test(text)) {
    if (jsonDepthError(text)) throw tooDeep();
    try {
      return JSON.parse(text);
    } catch {
      // YAML flow style that is not JSON ({a: b}): the YAML parser reads it.
    }
  }
  // js-yaml's own depth guard keeps its recursion off the end of the stack; measure() applies the exact limit.
  const options: LoadOptions & { maxDepth: number } = { schema: CORE_SCHEMA, json: true, maxDepth: MAX_NESTING_DEPTH + 10 };
  let value: unknown;
  try {
    value = loadYaml(text, options);
  } catch (err) {
    if (err instanceof YAMLException && err.reason.startsWith("nesting exceeded maxDepth")) throw tooDeep(err.mark.line + 1);
    throw err;
  }
  // Aliases resolve to shared values: what they expand to when serialized is bounded here.
  const m = measure(value, { depth: MAX_NESTING_DEPTH, bytes: MAX_EXPANDED_YAML_BYTES });
  if (m.depth > MAX_NESTING_DEPTH) throw tooDeep();
  if (m.over) throw new YamlLimitError("yaml: document contains excessive aliasing");
  return value;
}

/**
 * The error Go's JSON scanner gives for `text` if it nests deeper than `limit`
 * ("invalid character '{' exceeded max depth"), else undefined. A linear scan that skips strings.
 */
export function jsonDepthError(text: string, limit = MAX_NESTING_DEPTH): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return `invalid character '${text[i]}' exceeded max depth`;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return undefined;
}

export interface Measure {
  /** How deep the value nests (a scalar is 0, {} and [] are 1). */
  depth: number;
  /** About the bytes of its compact JSON (Go's marshalling adds escapes this leaves out). */
  bytes: number;
}

/**
 * The depth and JSON size of a decoded value, without recursing, stopping as soon as either passes
 * its limit (then it is only known to be over). Aliases a YAML parser resolved to shared objects count
 * every time they appear, as their JSON would.
 */
export function measure(value: unknown, limits: { depth?: number; bytes?: number } = {}): Measure & { over: boolean } {
  const maxDepth = limits.depth ?? Infinity;
  const maxBytes = limits.bytes ?? Infinity;
  let bytes = 0;
  let deepest = 0;
  // Two parallel stacks (values, their depths): no allocation per value.
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (typeof v === "string") bytes += v.length + 2;
    else if (typeof v === "number") bytes += String(v).length;
    else if (typeof v === "boolean") bytes += v ? 4 : 5;
    else if (v === null || v === undefined) bytes += 4;
    else if (typeof v === "object") {
      const inner = depth + 1;
      if (inner > deepest) deepest = inner;
      let n = 0;
      if (Array.isArray(v)) {
        n = v.length;
        for (let i = 0; i < n; i++) {
          values.push(v[i]);
          depths.push(inner);
        }
      } else {
        for (const k in v) {
          n++;
          bytes += k.length + 3;
          values.push((v as Record<string, unknown>)[k]);
          depths.push(inner);
        }
      }
      bytes += 1 + Math.max(1, n);
    }
    if (deepest > maxDepth || bytes > maxBytes) return { depth: deepest, bytes, over: true };
  }
  return { depth: deepest, bytes, over: false };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
