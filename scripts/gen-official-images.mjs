#!/usr/bin/env node
// Generates durable-objects/cluster/kubelet/images/official-library.generated.ts: every tag the Docker
// official images (docker.io/library/*) have ever been published under, and what each one's `latest` is,
// from the git history of docker-library/official-images (the build bot's input: library/<repo> files).
// A tag once published stays pullable on Docker Hub (nginx:1.14.2, redis:6.0.5), so the union over the
// history of master (first parent: what was merged and built) is the set; refs/pull/* never shipped.
//
// usage: git clone https://github.com/docker-library/official-images /tmp/official-images
//        node scripts/gen-official-images.mjs --git-dir /tmp/official-images/.git [--ref master]
// (about 15 s; needs only git). The output names the commit it was made from.
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const GIT_DIR = opt("--git-dir");
const REF = opt("--ref", "master");
const OUT = opt("--out", new URL("../durable-objects/cluster/kubelet/images/official-library.generated.ts", import.meta.url).pathname);
const git = (...a) => execFileSync("git", ["--git-dir", GIT_DIR, ...a], { maxBuffer: 1 << 30 }).toString();

// Files under library/ that are not image manifests.
const NOT_IMAGES = new Set(["MAINTAINERS"]);
// Docker reference grammar for a tag.
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

// ---------------------------------------------------------------- parsing
// Three formats occur over the history:
//  A (2013, "stackbrew"): "<tag>\t<git-url>\tC:<commit>"   (tab/space separated)
//  B (2014-2016):          "<tag>: <git-url>@<commit> [dir]"  (one tag a line; comma lists tolerated)
//  C (2016-):              RFC 2822-ish paragraphs: "Tags: a, b, c" / "SharedTags: x, y"
//                          (keys case-insensitive; continuation lines start with whitespace)

// { tags, linuxTags: those built for some Linux platform, latestGroup: the paragraphs (or url@commit
// lines) that carry latest, or null }
function parseManifest(text) {
  const lines = text.split(/\r?\n/);
  const isC = lines.some((l) => /^(maintainers|tags|sharedtags|gitrepo)\s*:/i.test(l));
  const tags = [];
  const linuxTags = [];
  let latestGroup = null;
  if (isC) {
    // The first paragraph (no Tags) holds defaults for the others, Architectures among them.
    let defaultArchitectures = ["amd64"];
    // unfold continuation lines, drop comments
    const un = [];
    for (const l of lines) {
      if (/^\s*#/.test(l)) continue;
      if (/^[ \t]+\S/.test(l) && un.length && un[un.length - 1] !== "") un[un.length - 1] += " " + l.trim();
      else un.push(l.trim());
    }
    // paragraphs
    let para = [];
    const flush = () => {
      const g = { tags: [], sharedTags: [], architectures: [] };
      for (const l of para) {
        const m = /^(tags|sharedtags|architectures)\s*:(.*)$/i.exec(l);
        if (!m) continue;
        const key = { tags: "tags", sharedtags: "sharedTags", architectures: "architectures" }[m[1].toLowerCase()];
        for (const t of m[2].split(",").map((s) => s.trim()).filter(Boolean)) g[key].push(t);
      }
      if (g.tags.length === 0 && g.sharedTags.length === 0) {
        if (g.architectures.length > 0) defaultArchitectures = g.architectures;
        para = [];
        return;
      }
      if (g.tags.includes("latest") || g.sharedTags.includes("latest")) (latestGroup ||= []).push(g);
      tags.push(...g.tags, ...g.sharedTags);
      const architectures = g.architectures.length > 0 ? g.architectures : defaultArchitectures;
      if (architectures.some((a) => !a.startsWith("windows-"))) linuxTags.push(...g.tags, ...g.sharedTags);
      para = [];
    };
    for (const l of un) {
      if (l === "") flush();
      else para.push(l);
    }
    flush();
    return { tags, linuxTags, latestGroup };
  }
  const byCommit = new Map(); // "url@commit dir" -> tags, for the latest grouping in format A/B
  for (const raw of lines) {
    const l = raw.trim();
    if (!l || l.startsWith("#")) continue;
    let m;
    if ((m = /^([^\s:#][^:]*?)\s*:\s*(\S+@\S+.*)$/.exec(l))) {
      // B: "tag: url@commit [dir]" (also "t1, t2: url@commit")
      const ts = m[1].split(/[\s,]+/).filter(Boolean);
      tags.push(...ts);
      const key = m[2].replace(/\s+/g, " ");
      byCommit.set(key, [...(byCommit.get(key) || []), ...ts]);
    } else if ((m = /^(\S+)\s+((?:git|https?):\/\/\S+)(?:\s+(\S+))?.*$/.exec(l))) {
      // A: "tag<TAB>url<TAB>C:commit"
      tags.push(m[1]);
      const key = `${m[2]} ${m[3] || ""}`;
      byCommit.set(key, [...(byCommit.get(key) || []), m[1]]);
    }
  }
  for (const g of byCommit.values()) if (g.includes("latest")) latestGroup = [{ tags: g, sharedTags: [] }];
  return { tags, linuxTags: tags, latestGroup };
}

// ---------------------------------------------------------------- git plumbing
function listHistoryBlobs() {
  const logArgs = ["log", REF, "--first-parent", "-m", "--format=C %H %ct", "--raw", "--no-abbrev", "--no-renames"];
  const out = git(...logArgs, "--", "library/");
  const pairs = new Map(); // blob -> Set(repo)
  const events = []; // [repo, blob, time], newest first
  let t = 0;
  for (const line of out.split("\n")) {
    if (line.startsWith("C ")) {
      t = +line.split(" ")[2];
      continue;
    }
    if (!line.startsWith(":")) continue;
    const [meta, path] = line.split("\t");
    const f = meta.split(" ");
    const blob = f[3];
    if (!path.startsWith("library/") || path.split("/").length !== 2) continue;
    const repo = path.slice("library/".length);
    if (NOT_IMAGES.has(repo) || /^0+$/.test(blob)) continue;
    if (!pairs.has(blob)) pairs.set(blob, new Set());
    pairs.get(blob).add(repo);
    events.push([repo, blob, t]);
  }
  return { pairs, events };
}

function listCurrentBlobs() {
  const out = git("ls-tree", REF, "library/");
  const m = new Map();
  for (const line of out.trim().split("\n")) {
    const [meta, path] = line.split("\t");
    const [, type, blob] = meta.split(" ");
    const repo = path.slice("library/".length);
    if (type === "blob" && !NOT_IMAGES.has(repo)) m.set(repo, blob);
  }
  return m;
}

// read many blobs through one `git cat-file --batch`
function readBlobs(shas) {
  return new Promise((resolve, reject) => {
    const p = spawn("git", ["--git-dir", GIT_DIR, "cat-file", "--batch"]);
    const chunks = [];
    p.stdout.on("data", (c) => chunks.push(c));
    p.on("error", reject);
    p.on("close", (code) => {
      if (code) return reject(new Error("cat-file exit " + code));
      const buf = Buffer.concat(chunks);
      const res = new Map();
      let i = 0;
      while (i < buf.length) {
        const nl = buf.indexOf(10, i);
        const [sha, type, size] = buf.subarray(i, nl).toString().split(" ");
        if (type === "missing") throw new Error("missing " + sha);
        const n = +size;
        res.set(sha, buf.subarray(nl + 1, nl + 1 + n).toString("utf8"));
        i = nl + 1 + n + 1;
      }
      resolve(res);
    });
    p.stdin.end(shas.join("\n") + "\n");
  });
}

// ---------------------------------------------------------------- encoding
// Encoding "fc1": one line per repo:  <repo>\t<entries joined by " ">
// Tags of a repo are sorted (plain code-unit order); each entry is
//   <k><suffix>  where k = length of the prefix shared with the previous tag,
//   written as one char: "0".."9" = 0..9, "a".."z" = 10..35, "A".."Z" = 36..61, "~" and 3 digits for longer prefixes.
// Tags never contain a space or a tab, so the text is unambiguous. Decoding rebuilds a
// Map<repo, Set<tag>> (membership = Set.has, O(1)).
const K = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const encK = (k) => (k < 62 ? K[k] : "~" + String(k).padStart(3, "0"));
function encode(map) {
  const out = [];
  for (const repo of [...map.keys()].sort()) {
    const tags = [...map.get(repo)].sort();
    let prev = "";
    const ents = [];
    for (const t of tags) {
      let k = 0;
      const lim = Math.min(prev.length, t.length);
      while (k < lim && prev.charCodeAt(k) === t.charCodeAt(k)) k++;
      ents.push(encK(k) + t.slice(k));
      prev = t;
    }
    out.push(repo + "\t" + ents.join(" "));
  }
  return out.join("\n");
}

/** The version `latest` stands for: the longest dotted version among the tags of its group ("" if none). */
function latestVersion(groups) {
  const tags = groups.flatMap((g) => [...g.tags, ...g.sharedTags]);
  const versions = tags.filter((t) => /^v?\d+(\.\d+)*$/.test(t));
  versions.sort((a, b) => b.split(".").length - a.split(".").length);
  return versions[0] ?? "";
}

async function main() {
  if (!GIT_DIR) {
    console.error("usage: node scripts/gen-official-images.mjs --git-dir <clone of docker-library/official-images>/.git");
    process.exit(2);
  }
  const t0 = Date.now();
  const { pairs, events } = listHistoryBlobs();
  const current = listCurrentBlobs();
  const blobs = await readBlobs([...new Set([...pairs.keys(), ...current.values()])]);

  const union = new Map();
  const linux = new Map(); // the tags some Linux platform was built for, ever
  const add = (repo, { tags, linuxTags }) => {
    if (!union.has(repo)) union.set(repo, new Set());
    if (!linux.has(repo)) linux.set(repo, new Set());
    for (const t of tags) if (TAG_RE.test(t)) union.get(repo).add(t);
    for (const t of linuxTags) linux.get(repo).add(t);
  };
  for (const [sha, repos] of pairs) for (const repo of repos) add(repo, parseManifest(blobs.get(sha)));
  const latest = {};
  for (const [repo, sha] of current) {
    const parsed = parseManifest(blobs.get(sha));
    if (parsed.latestGroup) latest[repo] = latestVersion(parsed.latestGroup);
    add(repo, parsed);
  }
  // A repository whose latest was dropped (or that was removed) keeps serving the last image tagged latest.
  for (const [repo, blob] of events) {
    if (repo in latest) continue;
    const { latestGroup } = parseManifest(blobs.get(blob));
    if (latestGroup) latest[repo] = latestVersion(latestGroup);
  }
  for (const [r, s] of union) if (s.size === 0) union.delete(r);
  const encoded = encode(union);
  const windowsOnly = new Map();
  for (const [repo, tags] of union) {
    const only = [...tags].filter((t) => !linux.get(repo).has(t));
    if (only.length > 0) windowsOnly.set(repo, new Set(only));
  }
  const windowsCount = [...windowsOnly.values()].reduce((a, s) => a + s.size, 0);
  const commit = git("rev-parse", REF).trim();
  const date = git("show", "-s", "--format=%cI", REF).trim();
  const sortedLatest = Object.fromEntries(Object.keys(latest).filter((r) => union.has(r)).sort().map((r) => [r, latest[r]]));
  const pairsCount = [...union.values()].reduce((a, s) => a + s.size, 0);
  const text = `// Generated by scripts/gen-official-images.mjs from docker-library/official-images; do not edit.
// ${union.size} repositories, ${pairsCount} tags: every tag in the history of master's library/ files.
export const OFFICIAL_SOURCE = ${JSON.stringify({ repository: "https://github.com/docker-library/official-images", commit, date })};

/** The version each repository's \`latest\` is ("" when its group has no version-like tag). */
export const OFFICIAL_LATEST: Readonly<Record<string, string>> = ${JSON.stringify(sortedLatest)};

/**
 * One line per repository: "<name>\\t<tags>", the tags sorted and front-coded (each one is a character
 * saying how many leading characters it shares with the previous tag, 0-9a-zA-Z = 0..61 or ~NNN, then the rest).
 */
export const OFFICIAL_TAGS = ${JSON.stringify(encoded)};

/** The ${windowsCount} tags built only for Windows (a Linux node finds no match in their manifest list), encoded as above. */
export const OFFICIAL_WINDOWS_ONLY = ${JSON.stringify(encode(windowsOnly))};
`;
  writeFileSync(OUT, text);
  console.log(`${union.size} repositories, ${pairsCount} tags (${windowsCount} Windows only) from ${commit} (${date}); ${OUT}: ${text.length} bytes, ${gzipSync(text).length} gzip; ${Date.now() - t0} ms`);
}

await main();
