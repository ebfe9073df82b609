#!/usr/bin/env node
// Generates generated/openapi-definitions.json: the OpenAPI definitions of every built-in kind the
// cluster serves, keyed like kube-apiserver's definition names (io.k8s.api.apps.v1.DeploymentSpec, …).
//
// Sources (both from the installed kubernetes-models packages, which are generated from kube's own spec):
//   * the .d.ts declarations, read with the TypeScript compiler API: structure, required fields,
//     descriptions (JSDoc), enums (string-literal unions) and the GVK of top-level kinds;
//   * the precompiled validators (_schemas/*.mjs), probed with sample values: what TypeScript calls
//     `number` is integer/int32, integer/int64 or number/double, and which strings are format byte.
//
// Only definitions reachable from the served kinds are emitted. Output is deterministic (sorted
// names, source property order) and carries a content hash. Each definition is stored as JSON text
// so the Worker parses only the definitions a request touches.
//
// Usage: node scripts/gen-openapi-schemas.mjs [--out <file>] [--check]
//   --check  exit 1 if the file on disk differs from what would be generated
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(ROOT, "package.json"));
let tsVersion;
try {
  tsVersion = JSON.parse(readFileSync(require.resolve("typescript/package.json"), "utf8")).version;
} catch {
  // An install without devDependencies (nothing there builds the Worker): nothing to do.
  console.warn("gen-openapi-schemas: typescript is not installed; not generating OpenAPI definitions");
  process.exit(0);
}

const started = performance.now();
const args = process.argv.slice(2);
const outArg = args.indexOf("--out");
const OUT = outArg >= 0 ? resolve(args[outArg + 1]) : join(ROOT, "generated", "openapi-definitions.json");
const CHECK = args.includes("--check");
// --if-stale: do nothing when the file was generated from the same generator and package versions.
const IF_STALE = args.includes("--if-stale");

const MODELS = dirname(require.resolve("kubernetes-models/package.json"));
const APIMACHINERY = dirname(require.resolve("@kubernetes-models/apimachinery/package.json"));
const modelsVersion = JSON.parse(readFileSync(join(MODELS, "package.json"), "utf8")).version;
const apimachineryVersion = JSON.parse(readFileSync(join(APIMACHINERY, "package.json"), "utf8")).version;
/** What the output depends on besides the packages' content: this script and the package versions. */
const INPUTS = createHash("sha256")
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(`${modelsVersion}/${apimachineryVersion}/${tsVersion}`)
  .digest("hex")
  .slice(0, 16);

if (IF_STALE && existsSync(OUT)) {
  const head = readFileSync(OUT, "utf8").slice(0, 300);
  if (head.includes(`"inputs":"${INPUTS}"`)) process.exit(0);
}
const ts = require("typescript");

/**
 * Group-versions whose kinds are emitted: what Kubernetes 1.33 serves by default for these groups
 * (GA versions; kubernetes-models' beta versions are ones 1.33 no longer serves).
 */
const SERVED = {
  "": ["v1"],
  apps: ["v1"],
  batch: ["v1"],
  autoscaling: ["v1", "v2"],
  "networking.k8s.io": ["v1"],
  "rbac.authorization.k8s.io": ["v1"],
  "storage.k8s.io": ["v1"],
  policy: ["v1"],
  "coordination.k8s.io": ["v1"],
  "events.k8s.io": ["v1"],
  "discovery.k8s.io": ["v1"],
  "scheduling.k8s.io": ["v1"],
  "apiextensions.k8s.io": ["v1"],
  "authorization.k8s.io": ["v1"],
  "authentication.k8s.io": ["v1"],
  // Other built-in GA groups of 1.33 (registry entries may serve them; the patch metadata knows them).
  "admissionregistration.k8s.io": ["v1"],
  "certificates.k8s.io": ["v1"],
  "flowcontrol.apiserver.k8s.io": ["v1"],
  "node.k8s.io": ["v1"],
  "apiregistration.k8s.io": ["v1"],
};

/** Meta types used by every group's operations (request bodies and responses). */
const EXTRA_ROOTS = [
  "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
  "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
  "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent",
  "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
  "io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList",
];

// ---- definition names ↔ files -------------------------------------------------------------------

const GROUP_PACKAGE = {
  "": "io.k8s.api.core",
  "apiextensions.k8s.io": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
  "apiregistration.k8s.io": "io.k8s.kube-aggregator.pkg.apis.apiregistration",
  "rbac.authorization.k8s.io": "io.k8s.api.rbac",
  "flowcontrol.apiserver.k8s.io": "io.k8s.api.flowcontrol",
};
const groupPackage = (group) => GROUP_PACKAGE[group] ?? `io.k8s.api.${group.split(".")[0]}`;

/** "io.k8s.api.apps.v1.DeploymentSpec" → "IoK8sApiAppsV1DeploymentSpec" (kubernetes-models' naming). */
const camel = (name) =>
  name
    .split(/[.-]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");

/** definition name → { file, schemaModule, group, version } for every declaration in the packages. */
const files = new Map();
/** "IoK8s…" → definition name */
const byCamel = new Map();

function addDir(dir, prefix, meta, schemasDir) {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(".d.ts") || f === "index.d.ts") continue;
    const short = f.slice(0, -5);
    const name = `${prefix}.${short}`;
    const c = camel(name);
    files.set(name, { file: join(dir, f), schemaModule: join(schemasDir, `${c}.mjs`), ...meta });
    byCamel.set(c, name);
  }
}

for (const entry of readdirSync(MODELS, { withFileTypes: true })) {
  if (!entry.isDirectory() || entry.name.startsWith("_") || entry.name === "node_modules") continue;
  if (entry.name === "v1") {
    addDir(join(MODELS, "v1"), "io.k8s.api.core.v1", { group: "", version: "v1" }, join(MODELS, "_schemas"));
    continue;
  }
  const group = entry.name;
  for (const v of readdirSync(join(MODELS, group), { withFileTypes: true })) {
    if (!v.isDirectory()) continue;
    addDir(join(MODELS, group, v.name), `${groupPackage(group)}.${v.name}`, { group, version: v.name }, join(MODELS, "_schemas"));
  }
}
(function walkApimachinery(dir, parts) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (entry.name.startsWith("_") || entry.name === "node_modules") continue;
      walkApimachinery(join(dir, entry.name), [...parts, entry.name]);
    }
  }
  if (parts.length > 0) addDir(dir, `io.k8s.apimachinery.pkg.${parts.join(".")}`, {}, join(APIMACHINERY, "_schemas"));
})(APIMACHINERY, []);

// ---- reading the declarations -------------------------------------------------------------------

const TYPE_META_DESCRIPTIONS = {
  apiVersion:
    "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  kind: "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
};

/** Types whose shape is not a struct: hand-written as kube-openapi renders them (v2 form; v3 adds oneOf). */
const SPECIAL = {
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": { type: "string", format: "int-or-string", "x-kubernetes-int-or-string": true },
  "io.k8s.apimachinery.pkg.api.resource.Quantity": {
    type: "string",
    description:
      "Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the \"\" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= \"+\" | \"-\" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | \"\" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn't choose the capitalization.)\n\n<decimalExponent> ::= \"e\" <signedNumber> | \"E\" <signedNumber> ```\n\nNo matter which of the three exponent forms is used, no quantity may represent a number greater than 2^63-1 in magnitude, nor may it have more than 3 decimal places. Numbers larger or more precise will be capped or rounded up. (E.g.: 0.1m will rounded up to 1m.) This may be extended in the future if we require larger or smaller quantities.\n\nWhen a Quantity is parsed from a string, it will remember the type of suffix it had, and will use the same type again when it is serialized.\n\nBefore serializing, Quantity will be put in \"canonical form\". This means that Exponent/suffix will be adjusted up or down (with a corresponding increase or decrease in Mantissa) such that:\n\n- No precision is lost - No fractional digits will be emitted - The exponent (or suffix) is as large as possible.\n\nThe sign will be omitted unless the number is zero.\n\nExamples:\n\n- 1.5 will be serialized as \"1500m\" - 1.5Gi will be serialized as \"1536Mi\"\n\nNote that the quantity will NEVER be internally represented by a floating point number. That is the whole point of this exercise.\n\nNon-canonical values will still parse as long as they are well formed, but will be re-emitted in their canonical form. (So always use canonical form, or don't use quantities.)\n\nThis format is intended to make it difficult to use these numbers without writing some sort of special handling code in the hopes that that will cause implementors to also use a fixed point implementation.",
  },
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": { type: "string", format: "date-time" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": { type: "string", format: "date-time" },
  // Free-form values, decoded by custom unmarshalers: no type, no properties (kube-openapi renders them so).
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON": {},
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray": {},
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool": {},
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray": {},
  // Objects with custom decoding: anything goes below them.
  // (kube-openapi has no marker for that; x-kubernetes-preserve-unknown-fields says it to strict decoding.)
  "io.k8s.apimachinery.pkg.runtime.RawExtension": { type: "object", "x-kubernetes-preserve-unknown-fields": true },
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": { type: "object", "x-kubernetes-preserve-unknown-fields": true },
};

/** The JSDoc text directly before a node, without the comment syntax and trailing @tags. */
function docOf(node, text) {
  const ranges = ts.getLeadingCommentRanges(text, node.pos) ?? [];
  const last = ranges.filter((r) => text.startsWith("/**", r.pos)).pop();
  if (!last) return undefined;
  const lines = text
    .slice(last.pos + 3, last.end - 2)
    .split("\n")
    .map((l) => l.replace(/^\s*\* ?/, ""));
  const kept = [];
  for (const l of lines) {
    if (/^@[a-z]+/.test(l)) break;
    kept.push(l);
  }
  // kubernetes-models escapes what would end or garble the comment: \* and \/.
  const doc = kept.join("\n").trim().replace(/\\([*/])/g, "$1");
  return doc || undefined;
}

const parsed = new Map();
function declarationOf(name) {
  const info = files.get(name);
  if (!info) throw new Error(`no declaration file for ${name}`);
  const text = readFileSync(info.file, "utf8");
  const sf = ts.createSourceFile(info.file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const short = name.slice(name.lastIndexOf(".") + 1);
  for (const stmt of sf.statements) {
    if (ts.isInterfaceDeclaration(stmt) && stmt.name.text === `I${short}`) return { node: stmt, text, info, short };
    if (ts.isTypeAliasDeclaration(stmt) && stmt.name.text === `I${short}`) return { node: stmt, text, info, short };
  }
  throw new Error(`no interface I${short} in ${relative(ROOT, info.file)}`);
}

const unionLiterals = (t) =>
  ts.isUnionTypeNode(t) && t.types.every((m) => ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal)) ? t.types.map((m) => m.literal.text) : null;

/** A TypeScript type node as an (unresolved-number) schema; refs are bare definition names. */
function typeSchema(t, self, refs) {
  switch (t.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: "string" };
    case ts.SyntaxKind.NumberKeyword:
      return { type: "number", "x-probe": true };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: "boolean" };
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return {};
    case ts.SyntaxKind.ObjectKeyword:
      return { type: "object" };
  }
  if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) return { type: "string" };
  const literals = unionLiterals(t);
  if (literals) return { type: "string", enum: literals };
  if (ts.isParenthesizedTypeNode(t)) return typeSchema(t.type, self, refs);
  if (ts.isArrayTypeNode(t)) return { type: "array", items: typeSchema(t.elementType, self, refs) };
  if (ts.isTypeReferenceNode(t)) {
    const n = ts.isIdentifier(t.typeName) ? t.typeName.text : `${t.typeName.left.text}.${t.typeName.right.text}`;
    if (n === "Array" && t.typeArguments?.length === 1) return { type: "array", items: typeSchema(t.typeArguments[0], self, refs) };
    if (n === `I${self.short}`) {
      refs.add(self.name);
      return { $ref: self.name };
    }
    const target = n.startsWith("I") ? byCamel.get(n.slice(1)) : undefined;
    if (!target) throw new Error(`${self.name}: unknown type reference ${n}`);
    refs.add(target);
    return { $ref: target };
  }
  if (ts.isTypeLiteralNode(t)) {
    const index = t.members.find((m) => ts.isIndexSignatureDeclaration(m));
    if (index && t.members.length === 1) return { type: "object", additionalProperties: typeSchema(index.type, self, refs) };
    // An embedded kind written out inline (StatefulSetSpec.volumeClaimTemplates: PersistentVolumeClaim
    // with apiVersion/kind optional): kube's spec refers to the kind itself.
    const spec = t.members.find((m) => ts.isPropertySignature(m) && m.name.text === "spec" && m.type && ts.isTypeReferenceNode(m.type));
    const specDef = spec && byCamel.get(spec.type.typeName.text.slice(1));
    const kindDef = specDef?.endsWith("Spec") ? specDef.slice(0, -4) : undefined;
    if (kindDef && files.has(kindDef)) {
      refs.add(kindDef);
      return { $ref: kindDef };
    }
  }
  if (ts.isUnionTypeNode(t)) {
    // e.g. string | number: kube renders such values untyped.
    return {};
  }
  throw new Error(`${self.name}: unsupported type ${ts.SyntaxKind[t.kind]}`);
}

/** Reads one definition: schema (with x-probe markers on numbers) and the definitions it references. */
function readDefinition(name) {
  const refs = new Set();
  if (Object.prototype.hasOwnProperty.call(SPECIAL, name)) {
    const decl = files.has(name) ? declarationOf(name) : undefined;
    const description = decl ? docOf(decl.node, decl.text) : undefined;
    const schema = { ...(description ? { description } : {}), ...SPECIAL[name] };
    return { schema, refs, gvk: undefined };
  }
  const decl = declarationOf(name);
  const self = { name, short: decl.short };
  if (!ts.isInterfaceDeclaration(decl.node)) throw new Error(`${name}: a type alias, not an interface`);
  const typeMeta = (decl.node.heritageClauses ?? []).some((h) => h.types.some((x) => ts.isIdentifier(x.expression) && x.expression.text === "TypeMeta"));
  const schema = {};
  const description = docOf(decl.node, decl.text);
  if (description) schema.description = description;
  schema.type = "object";
  const properties = {};
  const required = [];
  let apiVersion;
  let kind;
  for (const member of decl.node.members) {
    if (!ts.isPropertySignature(member) || !member.type) throw new Error(`${name}: unexpected member`);
    const prop = member.name.text;
    if (typeMeta && (prop === "apiVersion" || prop === "kind") && ts.isLiteralTypeNode(member.type)) {
      if (prop === "apiVersion") apiVersion = member.type.literal.text;
      else kind = member.type.literal.text;
      properties[prop] = { description: TYPE_META_DESCRIPTIONS[prop], type: "string" };
      continue;
    }
    const ps = typeSchema(member.type, self, refs);
    const doc = docOf(member, decl.text) ?? (TYPE_META_DESCRIPTIONS[prop] && (prop === "apiVersion" || prop === "kind") ? TYPE_META_DESCRIPTIONS[prop] : undefined);
    properties[prop] = doc ? { description: doc, ...ps } : ps;
    if (!member.questionToken) required.push(prop);
  }
  if (Object.keys(properties).length > 0) schema.properties = properties;
  if (required.length > 0) schema.required = required;
  let gvk;
  if (apiVersion && kind) {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    gvk = { group, kind, version };
    schema["x-kubernetes-group-version-kind"] = [gvk];
  }
  return { schema, refs, gvk };
}

// ---- the closure of the served kinds --------------------------------------------------------------

const roots = [...EXTRA_ROOTS];
for (const [name, info] of files) {
  const versions = SERVED[info.group];
  if (versions && versions.includes(info.version)) roots.push(name);
}

const definitions = new Map();
const kinds = {};
const queue = [...new Set(roots)];
const rootSet = new Set(roots);
while (queue.length > 0) {
  const name = queue.shift();
  if (definitions.has(name)) continue;
  const { schema, refs, gvk } = readDefinition(name);
  // Roots in served group-versions are emitted only when they are kinds (or referenced from one).
  definitions.set(name, schema);
  if (gvk && rootSet.has(name)) kinds[`${gvk.group ? `${gvk.group}/` : ""}${gvk.version}/${gvk.kind}`] = name;
  for (const r of refs) if (!definitions.has(r)) queue.push(r);
}

// Keep only what the kinds (and the meta roots) reach: non-kind declarations of a served
// group-version that no kind uses are dropped.
const reachable = new Set();
const stack = [...Object.values(kinds), ...EXTRA_ROOTS];
/** The definitions a schema refers to (structurally: a property may be named "$ref"). */
const refsOf = (schema, out) => {
  if (!schema || typeof schema !== "object") return;
  if (typeof schema.$ref === "string") out.push(schema.$ref);
  for (const p of Object.values(schema.properties ?? {})) refsOf(p, out);
  refsOf(schema.items, out);
  refsOf(schema.additionalProperties, out);
};
while (stack.length > 0) {
  const name = stack.pop();
  if (reachable.has(name)) continue;
  reachable.add(name);
  const out = [];
  refsOf(definitions.get(name), out);
  stack.push(...out);
}
for (const name of [...definitions.keys()]) if (!reachable.has(name)) definitions.delete(name);

// ---- numbers and byte strings, from the compiled validators ---------------------------------------

/** Every [path, schema] with an x-probe marker or a plain string (for format byte) in one definition. */
function probeSites(schema) {
  const sites = [];
  for (const [prop, ps] of Object.entries(schema.properties ?? {})) {
    const walk = (s, path) => {
      if (s["x-probe"] || (s.type === "string" && !s.enum)) sites.push({ prop, path, schema: s });
      else if (s.type === "array" && s.items) walk(s.items, [...path, 0]);
      else if (s.type === "object" && s.additionalProperties) walk(s.additionalProperties, [...path, "k"]);
    };
    walk(ps, []);
  }
  return sites;
}

const sample = (path, leaf) => path.reduceRight((v, step) => (step === 0 ? [v] : { [step]: v }), leaf);
const pointer = (prop, path) => `/${[prop, ...path].join("/")}`;

async function probe(name, schema) {
  const sites = probeSites(schema);
  if (sites.length === 0) return;
  const mod = files.get(name)?.schemaModule;
  if (!mod || !existsSync(mod)) throw new Error(`${name}: no compiled validator to read number formats from`);
  const { validate } = await import(pathToFileURL(mod).href);
  const run = (leafFor) => {
    const obj = {};
    for (const s of sites) obj[s.prop] = sample(s.path, leafFor(s));
    validate(obj);
    const errors = new Map();
    for (const e of validate.errors ?? []) errors.set(e.instancePath, [...(errors.get(e.instancePath) ?? []), e]);
    return errors;
  };
  const numbers = sites.filter((s) => s["schema"]["x-probe"]);
  const strings = sites.filter((s) => !s["schema"]["x-probe"]);
  const frac = run((s) => (s.schema["x-probe"] ? 0.5 : "%%"));
  const big = run((s) => (s.schema["x-probe"] ? 2 ** 31 : "x"));
  for (const s of numbers) {
    const at = pointer(s.prop, s.path);
    delete s.schema["x-probe"];
    const e = frac.get(at) ?? [];
    if (e.some((x) => x.keyword === "type" && x.params.type === "integer")) {
      s.schema.type = "integer";
      const f = (big.get(at) ?? []).find((x) => x.keyword === "format");
      s.schema.format = f ? f.params.format : "int64";
    } else if (e.length === 0) {
      s.schema.type = "number";
      s.schema.format = "double";
    } else throw new Error(`${name}${at}: unexpected probe result ${JSON.stringify(e)}`);
  }
  for (const s of strings) {
    const f = (frac.get(pointer(s.prop, s.path)) ?? []).find((x) => x.keyword === "format");
    if (f) s.schema.format = f.params.format;
  }
}

const names = [...definitions.keys()].sort();
for (const name of names) await probe(name, definitions.get(name));

// ---- output ---------------------------------------------------------------------------------------

/** Property order as declared; keys inside a schema in a fixed order, so the output is stable. */
const KEY_ORDER = ["description", "type", "format", "enum", "items", "additionalProperties", "$ref", "properties", "required"];
function canonical(schema) {
  if (Array.isArray(schema)) return schema.map(canonical);
  if (!schema || typeof schema !== "object") return schema;
  const out = {};
  const keys = Object.keys(schema).sort((a, b) => {
    const ia = KEY_ORDER.indexOf(a);
    const ib = KEY_ORDER.indexOf(b);
    return (ia < 0 ? 100 : ia) - (ib < 0 ? 100 : ib) || (a < b ? -1 : a > b ? 1 : 0);
  });
  for (const k of keys) {
    const v = schema[k];
    if (k === "properties") out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, canonical(s)]));
    else out[k] = canonical(v);
  }
  return out;
}

const defsOut = {};
for (const name of names) defsOut[name] = JSON.stringify(canonical(definitions.get(name)));
const kindsOut = Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : 1)));
const body = { source: `kubernetes-models@${modelsVersion}, @kubernetes-models/apimachinery@${apimachineryVersion}`, kinds: kindsOut, definitions: defsOut };
const hash = createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 16).toUpperCase();
const text = `${JSON.stringify({ generator: "scripts/gen-openapi-schemas.mjs", inputs: INPUTS, hash, ...body })}\n`;

if (CHECK) {
  const current = existsSync(OUT) ? readFileSync(OUT, "utf8") : "";
  if (current !== text) {
    console.error(`${relative(ROOT, OUT)} is out of date: run node scripts/gen-openapi-schemas.mjs`);
    process.exit(1);
  }
} else {
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
}
const ms = performance.now() - started;
console.log(
  `openapi definitions: ${names.length} definitions, ${Object.keys(kinds).length} kinds, ${(text.length / 1024).toFixed(0)} KiB, hash ${hash} → ${relative(ROOT, OUT)} (${ms.toFixed(0)} ms)`,
);
