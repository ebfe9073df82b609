// The copy operations of one JSON patch, without copying: a copy inserts its source itself and marks it
// shared; an operation that later changes the document first gives every shared node on its path a copy
// of its own (one level, copy-on-write), so no change reaches the other place. What a copy adds is
// counted in Go's JSON bytes (kube's budget), from sizes remembered per node. So the doubling of issue 11
// (25 copies of a list into itself) costs microseconds to refuse, not a serialization of megabytes per copy,
// and a patch whose copies stay within budget materializes its result once, at the end.
import { PatchError } from "./errors";
import { isMap } from "./json";

type Node = Record<string, unknown> | unknown[];
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null;

export class Copies {
  /** Nodes that more than one place of the document may hold. */
  private readonly shared = new WeakSet<object>();
  /** Go's JSON size of nodes not changed since measured (shared nodes never change). */
  private readonly sizes = new WeakMap<object, number>();
  /** Whether any copy shares a node (the result must then be materialized). */
  used = false;

  /** `value`, now held by one more place. */
  share(value: unknown): unknown {
    if (isNode(value)) {
      this.shared.add(value);
      this.used = true;
    }
    return value;
  }

  /**
   * Before a change at `path` (a JSON pointer into `doc`): every shared node the path goes through is
   * replaced by a shallow copy (its children become shared), and no remembered size on the path stays.
   */
  unshare(doc: unknown, path: string): void {
    if (!this.used) return;
    const parts = path.split("/").slice(1, -1).map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
    let node = doc;
    for (const part of parts) {
      if (!isNode(node)) return;
      this.sizes.delete(node);
      let next = childOf(node, part);
      if (!isNode(next)) return;
      if (this.shared.has(next)) {
        const own: Node = Array.isArray(next) ? next.slice() : { ...next };
        for (const v of Object.values(own)) if (isNode(v)) this.shared.add(v);
        if (Array.isArray(node)) node[Number(part)] = own;
        else node[part] = own;
        next = own;
      }
      node = next;
    }
    if (isNode(node)) this.sizes.delete(node);
  }

  /** Go's json.Marshal size of `value`. Throws a 422 if it nests deeper than the stack allows. */
  size(value: unknown): number {
    try {
      return this.measure(value);
    } catch (err) {
      if (err instanceof RangeError) throw new PatchError("apply-failed", "the patched object nests too deep to copy", 422);
      throw err;
    }
  }

  private measure(v: unknown): number {
    if (typeof v === "string") return goStringBytes(v);
    if (typeof v === "number") return String(v).length;
    if (typeof v === "boolean") return v ? 4 : 5;
    if (!isNode(v)) return 4; // null
    const known = this.sizes.get(v);
    if (known !== undefined) return known;
    let size = 2;
    let n = 0;
    if (Array.isArray(v)) {
      for (const item of v) size += this.measure(item) + (n++ > 0 ? 1 : 0);
    } else {
      for (const k in v) size += goStringBytes(k) + 1 + this.measure(v[k]) + (n++ > 0 ? 1 : 0);
    }
    this.sizes.set(v, size);
    return size;
  }
}

function childOf(node: Node, part: string): unknown {
  if (Array.isArray(node)) return /^(0|[1-9][0-9]*)$/.test(part) ? node[Number(part)] : undefined;
  return isMap(node) && Object.prototype.hasOwnProperty.call(node, part) ? node[part] : undefined;
}

/** A string's length in Go's JSON: quotes, UTF-8, and escapes (\" \\ \n…, \u00XX, and <, >, &, U+2028, U+2029 as \u003c…). */
export function goStringBytes(s: string): number {
  let bytes = s.length + 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x80) {
      if (c === 0x22 || c === 0x5c) bytes += 1;
      else if (c === 0x3c || c === 0x3e || c === 0x26) bytes += 5;
    } else if (c < 0x20) bytes += c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d ? 1 : 5;
    else if (c === 0x2028 || c === 0x2029) bytes += 5;
    else if (c < 0x800) bytes += 1;
    else if (c < 0xd800 || c > 0xdfff) bytes += 2;
    else bytes += 1; // a surrogate pair: 2 units, 4 bytes
  }
  return bytes;
}
