// Image references, parsed and normalized the way containerd does ("nginx" → "docker.io/library/nginx:latest").

export interface ParsedRef {
  /** "docker.io/library/nginx" */
  repository: string;
  /** "latest" when neither tag nor digest was given; "" when only a digest was. */
  tag: string;
  digest?: string;
  /** containerd's normalized reference: "docker.io/library/nginx:latest". */
  normalized: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** Normalizes an image reference as containerd's reference.ParseDockerRef does; null when invalid. */
export function parseImageRef(ref: string): ParsedRef | null {
  let rest = ref.trim();
  if (!rest) return null;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) return null;
  }
  let tag = "";
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return null;
  }
  const parts = rest.split("/");
  let domain = "docker.io";
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    domain = first === "index.docker.io" ? "docker.io" : first;
    parts.shift();
  }
  if (parts.length === 0 || !parts.every((p) => COMPONENT.test(p))) return null;
  if (domain === "docker.io" && parts.length === 1) parts.unshift("library");
  const repository = `${domain}/${parts.join("/")}`;
  if (!tag && !digest) tag = "latest";
  const normalized = `${repository}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
  return { repository, tag, digest, normalized };
}

/** The normalized reference for any syntactically valid image string (what events and pulls use). */
export function normalizeImageRef(ref: string): string | null {
  return parseImageRef(ref)?.normalized ?? null;
}
