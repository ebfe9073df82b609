// The Docker official images (docker.io/library/*) as Docker Hub knows them: which repositories exist and
// every tag each was ever published under (official-library.generated.ts, from docker-library's own
// history; scripts/gen-official-images.mjs). A repository's tags are decoded the first time it is asked
// about (nginx: ~0.3 ms, openjdk with 18,000 tags: ~10 ms), once per isolate.
import { OFFICIAL_LATEST, OFFICIAL_TAGS, OFFICIAL_WINDOWS_ONLY } from "./official-library.generated";

const PREFIX_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** A front-coded list (one line per repository), indexed by repository on first use and decoded per repository on demand. */
class TagList {
  private index: Map<string, string> | undefined;
  private readonly decoded = new Map<string, Set<string>>();
  constructor(private readonly text: string) {}

  tags(name: string): ReadonlySet<string> | undefined {
    let tags = this.decoded.get(name);
    if (tags) return tags;
    if (!this.index) {
      this.index = new Map();
      for (const line of this.text.split("\n")) {
        const tab = line.indexOf("\t");
        if (tab > 0) this.index.set(line.slice(0, tab), line.slice(tab + 1));
      }
    }
    const body = this.index.get(name);
    if (body === undefined) return undefined;
    tags = decodeTags(body);
    this.decoded.set(name, tags);
    return tags;
  }
}

const ALL = new TagList(OFFICIAL_TAGS);
const WINDOWS_ONLY = new TagList(OFFICIAL_WINDOWS_ONLY);

/** A repository's front-coded tag line, decoded (see the generated file for the format). */
function decodeTags(body: string): Set<string> {
  const tags = new Set<string>();
  let prev = "";
  for (let pos = 0; pos < body.length; ) {
    let end = body.indexOf(" ", pos);
    if (end < 0) end = body.length;
    let shared: number;
    let start: number;
    if (body[pos] === "~") {
      shared = Number(body.slice(pos + 1, pos + 4));
      start = pos + 4;
    } else {
      shared = PREFIX_DIGITS.indexOf(body[pos]!);
      start = pos + 1;
    }
    prev = prev.slice(0, shared) + body.slice(start, end);
    tags.add(prev);
    pos = end + 1;
  }
  return tags;
}

/** The tags of official repository `name` ("nginx"), or undefined when Docker Hub has no such official image. */
export function officialTags(name: string): ReadonlySet<string> | undefined {
  return ALL.tags(name);
}

/** Whether a tag of an official image was built for Windows only (no Linux platform in its manifest list). */
export function windowsOnly(name: string, tag: string): boolean {
  return WINDOWS_ONLY.tags(name)?.has(tag) ?? false;
}

/** The version `latest` of official repository `name` is ("1.31.4"), "" when its tags name none. */
export function officialLatest(name: string): string {
  return Object.hasOwn(OFFICIAL_LATEST, name) ? OFFICIAL_LATEST[name]! : "";
}

const versionParts = (v: string) => v.replace(/^v/, "").split(".").map(Number);

/**
 * The newest published full version a tag of an official image stands for: "1.27" → "1.27.5",
 * "6.0.5-alpine" → "6.0.5", "latest"/"mainline" → latest's. The tag itself when nothing is more precise.
 */
export function officialVersion(name: string, tag: string): string {
  const base = tag.split("-")[0]!;
  if (!/^v?\d+(\.\d+)*$/.test(base)) return officialLatest(name) || base;
  const tags = officialTags(name);
  let best = base;
  let bestParts = versionParts(base);
  for (const t of tags ?? []) {
    if (!t.startsWith(`${base}.`) || !/^v?\d+(\.\d+)*$/.test(t)) continue;
    const parts = versionParts(t);
    if (parts.length > bestParts.length || (parts.length === bestParts.length && compareParts(parts, bestParts) > 0)) {
      best = t;
      bestParts = parts;
    }
  }
  return best;
}

/** Orders dotted versions numerically ("6.0.5" < "6.2"). */
export function compareVersions(a: string, b: string): number {
  return compareParts(versionParts(a), versionParts(b));
}

function compareParts(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
