#!/usr/bin/env node
// Generates durable-objects/cluster/apiserver/gotypes/model.generated.ts: the Go types of every API object the
// cluster writes or decodes, read from Kubernetes' own source, so that the server can encode objects as
// kube-apiserver's Go structs do (fields in declaration order, maps with sorted keys, zero values) and decode
// Kubernetes protobuf bodies (field numbers).
//
// Sources, at one pinned tag of the v0.33 line (kube-apiserver v1.33, the version the cluster reports):
//   k8s.io/api                      the API groups the cluster serves (types.go + generated.proto)
//   k8s.io/apimachinery             meta/v1 (ObjectMeta, Status, lists, Table, discovery), runtime, intstr, resource,
//                                   version (/version)
//   k8s.io/apiextensions-apiserver  apiextensions.k8s.io/v1 (CustomResourceDefinition)
// From types.go: each struct's JSON fields in declaration order, their Go types, pointer-ness, `omitempty` and
// `,inline`. From generated.proto: each field's protobuf number and wire type (checked against the Go
// `protobuf:"…"` tags), and which named slices travel as wrapper messages ({repeated items = 1}).
//
// CI cannot reach GitHub, so this script is run by hand and its output is committed. It reads local git
// mirrors of the three repositories (the tag must exist in each):
//   node scripts/gen-go-types.mjs [--tag v0.33.0] [--api DIR] [--apimachinery DIR] [--apiextensions DIR] [--check]
// DIR defaults to /work/.mirror/kubernetes+<name>/repo (any clone of github.com/kubernetes/<name> works).
// --check: exit 1 if the committed file differs from what would be generated.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "durable-objects/cluster/apiserver/gotypes/model.generated.ts");

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const TAG = opt("tag", "v0.33.0");
const REPOS = {
  "k8s.io/api": opt("api", "/work/.mirror/kubernetes+api/repo"),
  "k8s.io/apimachinery": opt("apimachinery", "/work/.mirror/kubernetes+apimachinery/repo"),
  "k8s.io/apiextensions-apiserver": opt("apiextensions", "/work/.mirror/kubernetes+apiextensions-apiserver/repo"),
};

/** Go packages read, by import path. The served API groups, and the apimachinery packages objects use. */
const PACKAGES = [
  ...[
    "core/v1",
    "apps/v1",
    "events/v1",
    "authentication/v1",
    "authorization/v1",
    "autoscaling/v1",
    "autoscaling/v2",
    "batch/v1",
    "networking/v1",
    "policy/v1",
    "rbac/v1",
    "storage/v1",
    "scheduling/v1",
    "coordination/v1",
    "discovery/v1",
    "apidiscovery/v2",
    "apidiscovery/v2beta1",
  ].map((p) => `k8s.io/api/${p}`),
  "k8s.io/apimachinery/pkg/apis/meta/v1",
  "k8s.io/apimachinery/pkg/runtime",
  "k8s.io/apimachinery/pkg/util/intstr",
  "k8s.io/apimachinery/pkg/api/resource",
  "k8s.io/apimachinery/pkg/version",
  "k8s.io/apimachinery/pkg/types",
  "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1",
];

/**
 * Types whose JSON is not their Go struct's (they have their own MarshalJSON): the encoder and the protobuf
 * decoder treat them by name. Their wire messages are emitted from generated.proto.
 */
const SPECIAL = {
  "meta.v1.Time": "Time",
  "meta.v1.MicroTime": "MicroTime",
  "meta.v1.FieldsV1": "FieldsV1",
  "resource.Quantity": "Quantity",
  "intstr.IntOrString": "IntOrString",
  "runtime.RawExtension": "RawExtension",
  "apiextensions.v1.JSON": "JSON",
  "apiextensions.v1.JSONSchemaPropsOrArray": "JSONSchemaPropsOrArray",
  "apiextensions.v1.JSONSchemaPropsOrBool": "JSONSchemaPropsOrBool",
  "apiextensions.v1.JSONSchemaPropsOrStringArray": "JSONSchemaPropsOrStringArray",
};
/** Wire-only messages the decoder needs besides the special types': the envelope of every protobuf body. */
const WIRE_ONLY = ["runtime.Unknown", "runtime.TypeMeta"];

const GO_SCALARS = {
  string: "string",
  bool: "bool",
  int: "int64",
  int8: "int32",
  int16: "int32",
  int32: "int32",
  int64: "int64",
  uint8: "int32",
  uint16: "int32",
  uint32: "int64",
  uint64: "int64",
  float32: "float64",
  float64: "float64",
};
/** The protobuf scalar each model scalar travels as. */
const PROTO_OF_SCALAR = { string: "string", bool: "bool", int32: "int32", int64: "int64", float64: "double", bytes: "bytes" };

// ---- reading the sources ----

function repoOf(importPath) {
  const module = Object.keys(REPOS).find((m) => importPath === m || importPath.startsWith(`${m}/`));
  if (!module) throw new Error(`no repository for ${importPath}`);
  return { dir: REPOS[module], path: importPath.slice(module.length + 1) };
}
const git = (dir, ...a) => execFileSync("git", ["-C", dir, ...a], { encoding: "utf8", maxBuffer: 64 << 20 });

function commitOf(module) {
  return git(REPOS[module], "rev-parse", `${TAG}^{commit}`).trim();
}

/** "k8s.io/api/apps/v1" → "apps.v1"; "k8s.io/apimachinery/pkg/runtime" → "runtime". */
function shortName(importPath) {
  const parts = importPath.split("/");
  const last = parts[parts.length - 1];
  return /^v\d/.test(last) ? `${parts[parts.length - 2]}.${last}` : last;
}

function packageFiles(importPath) {
  const { dir, path } = repoOf(importPath);
  const names = git(dir, "ls-tree", "--name-only", `${TAG}:${path}`).split("\n").filter(Boolean);
  const goFiles = names.filter(
    (n) => n.endsWith(".go") && !n.endsWith("_test.go") && !n.startsWith("zz_generated") && n !== "generated.pb.go" && !n.includes("swagger_doc"),
  );
  return {
    go: goFiles.map((n) => git(dir, "show", `${TAG}:${path}/${n}`)),
    proto: names.includes("generated.proto") ? git(dir, "show", `${TAG}:${path}/generated.proto`) : "",
  };
}

/** Go source without comments (strings and struct tags kept). */
function stripComments(src) {
  let out = "";
  for (let i = 0; i < src.length; ) {
    const c = src[i];
    if (c === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      i = end < 0 ? src.length : end + 2;
    } else if (c === '"' || c === "`" || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === "\\" && c !== "`" ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function parseImports(src) {
  const imports = {};
  const add = (alias, path) => (imports[alias ?? path.split("/").pop()] = path);
  for (const m of src.matchAll(/^import\s+(?:(\w+)\s+)?"([^"]+)"/gm)) add(m[1], m[2]);
  for (const block of src.matchAll(/^import\s*\(([\s\S]*?)\)/gm)) {
    for (const m of block[1].matchAll(/^\s*(?:(\w+|_|\.)\s+)?"([^"]+)"/gm)) if (m[1] !== "_") add(m[1], m[2]);
  }
  return imports;
}

/** Index of the brace closing the one at `open`. */
function matchBrace(src, open) {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === "`") i = src.indexOf("`", i + 1);
    else if (src[i] === '"') {
      i++;
      while (src[i] !== '"') i += src[i] === "\\" ? 2 : 1;
    } else if (src[i] === "{") depth++;
    else if (src[i] === "}" && --depth === 0) return i;
  }
  throw new Error("unbalanced braces");
}

/** Top-level type declarations: name → { struct: body } | { alias: type expression }. */
function parseTypeDecls(src) {
  const decls = {};
  const one = (text) => {
    const m = /^(\w+)(\s*=)?\s+([\s\S]*)$/.exec(text.trim());
    if (!m) return;
    const [, name, , rest] = m;
    if (/^struct\s*\{/.test(rest)) decls[name] = { struct: rest.slice(rest.indexOf("{") + 1, rest.lastIndexOf("}")) };
    else if (!/^interface\b/.test(rest)) decls[name] = { alias: rest.trim() };
  };
  const re = /^type\s+/gm;
  let m;
  while ((m = re.exec(src))) {
    let i = m.index + m[0].length;
    if (src[i] === "(") {
      // type ( A string; B struct {…} )
      const close = findGroupClose(src, i);
      splitGroup(src.slice(i + 1, close)).forEach(one);
      re.lastIndex = close;
      continue;
    }
    const nl = src.indexOf("\n", i);
    const line = src.slice(i, nl < 0 ? src.length : nl);
    const brace = line.indexOf("{");
    if (/^\w+\s+struct\s*\{/.test(line) || /^\w+\s+interface\s*\{/.test(line)) {
      const close = matchBrace(src, i + brace);
      one(src.slice(i, close + 1));
      re.lastIndex = close;
    } else one(line);
  }
  return decls;
}
function findGroupClose(src, open) {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === "`") i = src.indexOf("`", i + 1);
    else if (src[i] === "(" || src[i] === "{") depth++;
    else if ((src[i] === ")" || src[i] === "}") && --depth === 0) return i;
  }
  throw new Error("unbalanced type group");
}
function splitGroup(body) {
  const out = [];
  let cur = "";
  let depth = 0;
  for (const line of body.split("\n")) {
    cur += line + "\n";
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (depth === 0 && cur.trim()) {
      out.push(cur);
      cur = "";
    }
  }
  return out;
}

function parseTag(tag, key) {
  const m = new RegExp(`(?:^|\\s)${key}:"([^"]*)"`).exec(tag ?? "");
  return m ? m[1] : undefined;
}

/** Struct body → fields: { name, embedded, type, tag }. */
function parseFields(body) {
  const fields = [];
  for (const raw of body.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const tagAt = line.indexOf("`");
    const tag = tagAt >= 0 ? line.slice(tagAt + 1, line.lastIndexOf("`")) : undefined;
    const decl = (tagAt >= 0 ? line.slice(0, tagAt) : line).trim();
    const m = /^(\w+(?:\s*,\s*\w+)*)\s+(\S.*)$/.exec(decl);
    if (m && !/^[*\w.]+$/.test(decl)) {
      for (const name of m[1].split(/\s*,\s*/)) fields.push({ name, embedded: false, type: m[2].trim(), tag });
    } else if (/^\*?[\w.]+$/.test(decl)) {
      fields.push({ name: decl.replace(/^\*/, "").split(".").pop(), embedded: true, type: decl, tag });
    } else throw new Error(`cannot parse struct field: ${line}`);
  }
  return fields;
}

/** generated.proto → message → { fieldNumber: { name, type, label } }. */
function parseProto(src) {
  const messages = {};
  const clean = src.replace(/\/\/.*$/gm, "");
  for (const m of clean.matchAll(/^message\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const fields = {};
    for (const f of m[2].matchAll(/^\s*(optional|repeated)?\s*(map<\s*string\s*,\s*[\w.]+\s*>|[\w.]+)\s+(\w+)\s*=\s*(\d+)/gm)) {
      const [, label, type, name, no] = f;
      const map = /^map<\s*string\s*,\s*([\w.]+)\s*>$/.exec(type);
      fields[no] = { name, type: map ? map[1] : type, label: map ? "map" : label };
    }
    messages[m[1]] = fields;
  }
  return messages;
}

// ---- building the model ----

const pkgs = {}; // short name → { importPath, decls, importsByDecl, proto, group }
for (const importPath of PACKAGES) {
  const { go, proto } = packageFiles(importPath);
  const decls = {};
  const importsOf = {};
  let group;
  for (const file of go) {
    const src = stripComments(file);
    const imports = parseImports(src);
    for (const [name, d] of Object.entries(parseTypeDecls(src))) {
      decls[name] = d;
      importsOf[name] = imports;
    }
    const g = /\bGroupName\s*=\s*"([^"]*)"/.exec(src);
    if (g) group = g[1];
  }
  pkgs[shortName(importPath)] = { importPath, decls, importsOf, proto: parseProto(proto), group };
}
const pkgByImport = Object.fromEntries(Object.entries(pkgs).map(([s, p]) => [p.importPath, s]));

const structs = {}; // "apps.v1.Deployment" → fields
const wrappers = {}; // named slices sent as {repeated items = 1}: name → element type
const kinds = {}; // "apps/v1/Deployment" → "apps.v1.Deployment"
const pending = [];
const unresolved = new Set();

/** A Go type expression in package `pkg` (declared in a file with `imports`) → model type string. */
function modelType(expr, pkg, imports, protoField) {
  expr = expr.trim();
  if (expr.startsWith("*")) return modelType(expr.slice(1), pkg, imports, protoField);
  if (expr === "[]byte") return "bytes";
  if (expr.startsWith("[]")) {
    const elem = expr.slice(2);
    return `[]${elem.startsWith("*") ? "*" : ""}${modelType(elem, pkg, imports, protoField)}`;
  }
  const map = /^map\[([^\]]+)\](.+)$/.exec(expr);
  if (map) {
    if (resolveNamed(map[1], pkg, imports) !== "string") throw new Error(`map key ${map[1]} is not a string`);
    return `map[]${modelType(map[2], pkg, imports, protoField)}`;
  }
  if (expr === "interface{}" || expr === "any" || expr === "runtime.Object") return "any";
  if (GO_SCALARS[expr]) return GO_SCALARS[expr];
  const [qual, local] = expr.includes(".") ? expr.split(".") : [undefined, expr];
  const owner = qual ? pkgByImport[imports[qual]] : pkg;
  if (!owner) {
    unresolved.add(`${expr} (in ${pkg})`);
    return "any";
  }
  const full = `${owner}.${local}`;
  if (SPECIAL[full]) return SPECIAL[full];
  const decl = pkgs[owner].decls[local];
  if (!decl) throw new Error(`unknown type ${full}`);
  if (decl.struct !== undefined) {
    if (!structs[full] && !pending.includes(full)) pending.push(full);
    return full;
  }
  // A named non-struct type: its underlying type, except named slices protobuf wraps in a message.
  const underlying = modelType(decl.alias, owner, pkgs[owner].importsOf[local], undefined);
  if (decl.alias.startsWith("[]") && pkgs[owner].proto[local]) {
    const items = pkgs[owner].proto[local]["1"];
    if (!items || items.name !== "items" || items.label !== "repeated") throw new Error(`${full}: a wrapper message without items`);
    wrappers[full] = underlying.slice(2);
    return full;
  }
  return underlying;
}

function resolveNamed(expr, pkg, imports) {
  const t = modelType(expr, pkg, imports);
  return t;
}

function buildStruct(full) {
  const [owner, local] = [full.slice(0, full.lastIndexOf(".")), full.slice(full.lastIndexOf(".") + 1)];
  const pkg = pkgs[owner];
  const decl = pkg.decls[local];
  const imports = pkg.importsOf[local];
  const proto = pkg.proto[local];
  const out = [];
  for (const f of parseFields(decl.struct)) {
    if (!/^[A-Z]/.test(f.name)) continue; // unexported
    const jsonTag = parseTag(f.tag, "json");
    if (jsonTag === "-") continue;
    const [jsonName = "", ...opts] = (jsonTag ?? "").split(",");
    const inline = f.embedded && (jsonName === "" || opts.includes("inline"));
    const pointer = f.type.startsWith("*");
    const type = modelType(f.type, owner, imports);
    const protoTag = parseTag(f.tag, "protobuf");
    let number;
    if (protoTag !== undefined) {
      number = Number(protoTag.split(",")[1]);
      const pname = /(?:^|,)name=(\w+)/.exec(protoTag)?.[1];
      const pf = proto?.[number];
      if (!proto) throw new Error(`${full}: protobuf tags but no message in generated.proto`);
      if (!pf || (pname !== undefined && pf.name !== pname)) throw new Error(`${full}.${f.name}: field ${number} (${pname}) is not in generated.proto`);
      checkWireType(full, f.name, type, pf);
    }
    let flags = "";
    if (pointer) flags += "p";
    if (opts.includes("omitempty")) flags += "o";
    if (inline) flags += "i";
    const name = inline ? (number !== undefined ? proto[number].name : "") : jsonName || f.name;
    out.push(number === undefined ? [name, type, flags] : [name, type, flags, number]);
  }
  structs[full] = out;
  // A kind: TypeMeta inline first, then metadata (an object or a list), in a package with an API group.
  const first = out[0];
  if (first && first[2].includes("i") && first[1] === "meta.v1.TypeMeta" && pkg.group !== undefined && owner !== "meta.v1") {
    const version = owner.split(".").pop();
    kinds[`${pkg.group ? `${pkg.group}/` : ""}${version}/${local}`] = full;
  }
}

/** The proto field must carry what the model type says (scalars as themselves, structs as messages…). */
function checkWireType(full, goName, type, pf) {
  const elem = type.replace(/^\[\]\*?/, "").replace(/^map\[\]/, "");
  const repeated = type.startsWith("[]") && type !== "bytes";
  const isMap = type.startsWith("map[]");
  const label = isMap ? "map" : repeated ? "repeated" : "optional";
  const expected = PROTO_OF_SCALAR[elem] ?? elem.split(".").pop();
  const actual = pf.type.split(".").pop();
  if (pf.label !== label && !(label === "optional" && pf.label === undefined)) {
    throw new Error(`${full}.${goName}: model ${type} but proto ${pf.label ?? "optional"} ${pf.type}`);
  }
  if (expected !== actual) throw new Error(`${full}.${goName}: model ${type} but proto ${pf.type}`);
}

const META_ROOTS = [
  "meta.v1.Status",
  "meta.v1.APIVersions",
  "meta.v1.APIGroupList",
  "meta.v1.APIGroup",
  "meta.v1.APIResourceList",
  "meta.v1.Table",
  "meta.v1.PartialObjectMetadata",
  "meta.v1.PartialObjectMetadataList",
  "meta.v1.WatchEvent",
  "meta.v1.DeleteOptions",
  "meta.v1.List",
  "version.Info",
];

// Roots: every struct of the API groups' packages (their kinds and what they reach), and meta's documents.
for (const [short, pkg] of Object.entries(pkgs)) {
  if (pkg.group === undefined || short === "meta.v1") continue;
  for (const [name, decl] of Object.entries(pkg.decls)) {
    const full = `${short}.${name}`;
    if (decl.struct !== undefined && !SPECIAL[full] && /^[A-Z]/.test(name)) pending.push(full);
  }
}
pending.push(...META_ROOTS);
while (pending.length) {
  const full = pending.shift();
  if (!structs[full]) buildStruct(full);
}
// Structs nothing can reach from an API object are left out: internal options and helper types.
const reachable = new Set();
const visit = (type) => {
  const base = type.replace(/^(\[\]\*?|map\[\])+/, "");
  if (reachable.has(base)) return;
  if (structs[base]) {
    reachable.add(base);
    for (const f of structs[base]) visit(f[1]);
  } else if (wrappers[base]) {
    reachable.add(base);
    visit(wrappers[base]);
  }
};
// meta.k8s.io's own kinds; the discovery documents and Status are also "v1" kinds (metav1.AddToGroupVersion's
// unversioned types), and Table and PartialObjectMetadata also meta.k8s.io/v1beta1 (aliases of v1's).
for (const [name, fields] of Object.entries(structs)) {
  if (name.startsWith("meta.v1.") && fields[0]?.[1] === "meta.v1.TypeMeta" && fields[0][2].includes("i")) {
    kinds[`meta.k8s.io/v1/${name.slice(8)}`] = name;
  }
}
for (const k of ["Status", "APIVersions", "APIGroupList", "APIGroup", "APIResourceList"]) kinds[`v1/${k}`] = `meta.v1.${k}`;
for (const k of ["Table", "PartialObjectMetadata", "PartialObjectMetadataList"]) kinds[`meta.k8s.io/v1beta1/${k}`] = `meta.v1.${k}`;
for (const k of [...Object.values(kinds), ...META_ROOTS]) visit(k);

// Wire messages of the special types (and the envelope), from generated.proto alone.
const wire = {};
for (const full of [...Object.keys(SPECIAL), ...WIRE_ONLY]) {
  const [owner, local] = [full.slice(0, full.lastIndexOf(".")), full.slice(full.lastIndexOf(".") + 1)];
  const message = pkgs[owner].proto[local];
  if (!message) throw new Error(`${full}: no message in generated.proto`);
  wire[full] = Object.entries(message).map(([no, f]) => {
    const scalar = Object.entries(PROTO_OF_SCALAR).find(([, p]) => p === f.type)?.[0];
    const type = scalar ?? resolveProtoMessage(owner, f.type);
    return [f.name, f.label === "repeated" ? `[]${type}` : type, Number(no)];
  });
}
function resolveProtoMessage(owner, type) {
  const local = type.split(".").pop();
  if (type.startsWith(".")) {
    const path = type.slice(1, type.lastIndexOf(".")).replace(/^k8s\.io\./, "k8s.io/").replace(/\./g, "/").replace(/apiextensions_apiserver/, "apiextensions-apiserver");
    return `${pkgByImport[path] ?? owner}.${local}`;
  }
  return `${owner}.${local}`;
}
for (const [full, fields] of Object.entries(wire)) for (const f of fields) visit(f[1]);

if (unresolved.size) throw new Error(`unresolved types: ${[...unresolved].join(", ")}`);

// ---- output ----

const sortedKeys = (o) => Object.keys(o).sort();
const line = (k, v) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`;
const modules = Object.keys(REPOS)
  .map((m) => `//   ${m} ${TAG} (${commitOf(m)})`)
  .join("\n");
const text = `// GENERATED by scripts/gen-go-types.mjs: do not edit. Rerun it by hand (CI cannot reach GitHub) and commit the result.
// The Go API types kube-apiserver encodes and decodes, read from:
${modules}
//
// GO_STRUCTS: each struct's JSON fields in Go declaration order: [json name, type, flags, protobuf field number].
//   type: "string" | "bool" | "int32" | "int64" | "float64" | "bytes" (base64 in JSON) | "any" (interface{}) |
//         a special type (own MarshalJSON: Time, MicroTime, FieldsV1, Quantity, IntOrString, RawExtension,
//         JSON, JSONSchemaPropsOrArray, JSONSchemaPropsOrBool, JSONSchemaPropsOrStringArray) | a struct or wrapper
//         name ("core.v1.PodSpec") | "[]" + type (a slice; "[]*" a slice of pointers) | "map[]" + type (string keys).
//   flags: "p" a Go pointer, "o" omitempty, "i" an embedded struct inlined into its parent (name: its protobuf name).
// GO_WRAPPERS: named slices protobuf sends as a message {repeated items = 1} (JSON: the bare array) → element type.
// GO_KINDS: "apiVersion/kind" → struct, for every kind of the packages read.
// WIRE_MESSAGES: the protobuf messages of the special types and of the envelope: [protobuf name, type, number].
import type { GoField, WireField } from "./types";

export const GO_STRUCTS: Readonly<Record<string, readonly GoField[]>> = {
${sortedKeys(structs).filter((k) => reachable.has(k)).map((k) => line(k, structs[k])).join("\n")}
};

export const GO_WRAPPERS: Readonly<Record<string, string>> = {
${sortedKeys(wrappers).filter((k) => reachable.has(k)).map((k) => line(k, wrappers[k])).join("\n")}
};

export const GO_KINDS: Readonly<Record<string, string>> = {
${sortedKeys(kinds).map((k) => line(k, kinds[k])).join("\n")}
};

export const WIRE_MESSAGES: Readonly<Record<string, readonly WireField[]>> = {
${sortedKeys(wire).map((k) => line(k, wire[k])).join("\n")}
};
`;

if (args.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(OUT, "utf8");
  } catch {}
  if (current !== text) {
    console.error(`gen-go-types: ${OUT} is out of date; run node scripts/gen-go-types.mjs`);
    process.exit(1);
  }
  console.log("gen-go-types: up to date");
} else {
  writeFileSync(OUT, text);
  const n = Object.keys(structs).filter((k) => reachable.has(k)).length;
  console.log(`gen-go-types: ${n} structs, ${Object.keys(kinds).length} kinds → ${OUT} (${(text.length / 1024).toFixed(1)} KiB)`);
}
