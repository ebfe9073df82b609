// The simulated registry: what a pull finds. The rule (kubelet/README.md, "Images"):
// - docker.io/library/* is Docker Hub's finite set of official images: the repository must exist and the
//   tag must have been published (official-library.ts), or the pull fails as Docker Hub answers;
// - a repository of the catalogue (the images of the Kubernetes docs, tutorials and e2e tests) has
//   exactly the tags it really has (kubernetes-bootcamp:v10 does not exist);
// - any other well-formed reference pulls (the service cannot know a private or unlisted image) and runs
//   the generic program: it stays up, says in one line that it is simulated, listens on the pod's ports.
// What an image does once pulled comes from the catalogue; official images it does not describe, and
// the rest, run the generic program.
import { hexOf, jitter } from "../util";
import { ALIASES, REPOS } from "./catalogue";
import { DEBIAN_SHELLS, MI } from "./common";
import { compareVersions, officialTags, officialVersion, windowsOnly } from "./official-library";
import { parseImageRef } from "./reference";
import type { ImageInfo, RepoSpec, ServerSpec } from "./types";

export { normalizeImageRef, parseImageRef, type ParsedRef } from "./reference";
export type { ImageInfo, ServerSpec } from "./types";

const LIBRARY = "docker.io/library/";

/** Why a pull fails: the repository is unknown to its registry, it has no such tag, or the tag has no Linux image. */
export type PullFailure = "no-repository" | "no-tag" | "no-platform";

/** The repository spec, following aliases. */
function catalogued(repository: string): [string, RepoSpec] | null {
  const canonical = ALIASES[repository] ?? repository;
  const spec = REPOS[canonical];
  return spec ? [canonical, spec] : null;
}

function tagKnown(spec: RepoSpec, tag: string): boolean {
  const tags = spec.tags ?? [];
  if (tags.includes(tag)) return true;
  for (const v of spec.variants ?? []) {
    if (tag === v.slice(1)) return true;
    if (tag.endsWith(v) && tags.includes(tag.slice(0, -v.length))) return true;
  }
  return false;
}

/** Whether the registry serves `repository` at `tag` ("" for a digest-only reference); the failure if not. */
export function pullFailure(repository: string, tag: string): PullFailure | null {
  const canonical = ALIASES[repository] ?? repository;
  if (canonical.startsWith(LIBRARY)) {
    const tags = officialTags(canonical.slice(LIBRARY.length));
    if (!tags) return "no-repository";
    if (tag && !tags.has(tag)) return "no-tag";
    return tag && windowsOnly(canonical.slice(LIBRARY.length), tag) ? "no-platform" : null;
  }
  const found = catalogued(canonical);
  if (found && tag && !tagKnown(found[1], tag)) return "no-tag";
  return null;
}

/** The version a tag of a catalogued (non-official) repository stands for: the newest listed version it prefixes. */
function catalogueVersion(spec: RepoSpec, tag: string): string {
  const tags = spec.tags ?? [];
  const base = (spec.variants ?? []).reduce((t, v) => (t.endsWith(v) ? t.slice(0, -v.length) : t), tag).replace(/^v/, "");
  const versions = tags.map((t) => t.replace(/^v/, "")).filter((t) => /^\d+(\.\d+)*$/.test(t));
  const dotted = versions.filter((t) => t.split(".").length === 3);
  const pool = dotted.length > 0 ? dotted : versions;
  if (/^\d/.test(base)) return pool.find((v) => v === base || v.startsWith(`${base}.`)) ?? base;
  return pool[0] ?? "1.0.0";
}

/** What runs when the catalogue does not describe an image: the generic program (see commands.ts). */
function genericSpec(official: boolean): RepoSpec {
  return { size: 0, memoryMi: 12, cmd: ["app"], shells: official ? DEBIAN_SHELLS : ["sh"] };
}

/** The image's server at `version`: an older version's differences applied. */
function serverAt(spec: RepoSpec, version: string): ServerSpec | undefined {
  if (!spec.server || !/^\d/.test(version)) return spec.server;
  const older = spec.olderServers?.find((o) => compareVersions(version, o.below) < 0);
  return older ? { ...spec.server, ...older.server } : spec.server;
}

/** Resolved references, newest last: the kubelet asks again at every sync (a tag's version takes a scan of its repository's tags). */
const resolved = new Map<string, ImageInfo | null>();
const RESOLVED_KEPT = 1000;

/** An image the simulated registry serves, or null (a malformed reference, or a pull that fails: see pullFailure). */
export function resolveImage(ref: string): ImageInfo | null {
  const known = resolved.get(ref);
  if (known !== undefined) return known;
  const info = describe(ref);
  if (resolved.size >= RESOLVED_KEPT) resolved.delete(resolved.keys().next().value!);
  resolved.set(ref, info);
  return info;
}

function describe(ref: string): ImageInfo | null {
  const parsed = parseImageRef(ref);
  if (!parsed || pullFailure(parsed.repository, parsed.tag)) return null;
  const found = catalogued(parsed.repository);
  const canonical = found?.[0] ?? parsed.repository;
  const official = canonical.startsWith(LIBRARY);
  const spec = found?.[1] ?? genericSpec(official);
  const tag = parsed.tag || "latest";
  const version = official ? officialVersion(canonical.slice(LIBRARY.length), tag) : catalogueVersion(spec, tag);
  const digest = parsed.digest ?? `sha256:${hexOf(`${canonical}:${tag}`)}`;
  // An image nobody described weighs 20–220 MB, the same each time.
  let size = spec.size || 20_000_000 + jitter(`${canonical}:size`, 0, 200) * 1_000_000;
  for (const [word, s] of Object.entries(spec.variantSize ?? {})) if (tag.includes(word)) size = s;
  // Different tags weigh slightly differently (±3%).
  size = Math.round(size * (1 + (jitter(`${canonical}:${tag}:size`, 0, 60) - 30) / 1000));
  return {
    repository: parsed.repository,
    tag: parsed.tag,
    reference: parsed.normalized,
    digest,
    imageID: `${parsed.repository}@${digest}`,
    sizeBytes: size,
    ports: spec.ports ?? [],
    memoryBytes: Math.round(spec.memoryMi * MI),
    entrypoint: spec.entrypoint ?? [],
    cmd: spec.cmd,
    shells: spec.shells ?? ["sh"],
    coreutils: spec.coreutils ?? true,
    version,
    server: serverAt(spec, version),
    tools: spec.tools ?? [],
    ...(found ? {} : { generic: true }),
  };
}
