// The strategic-merge-patch metadata of the server (patch/patch-meta.ts) as OpenAPI extensions on
// the definitions' properties: x-kubernetes-patch-strategy and x-kubernetes-patch-merge-key. kubectl
// computes client-side apply patches from these (openapi v2, and v3 where it can), so they must say
// what the server's own strategic merge does: a list without them is replaced wholesale.
import { KIND_ROOTS, PATCH_META } from "../patch/patch-meta";
import { definition, definitionForKind, type Schema } from "./definitions";

export interface PatchExtensions {
  "x-kubernetes-patch-strategy"?: string;
  "x-kubernetes-patch-merge-key"?: string;
}

let table: Map<string, Map<string, PatchExtensions>> | undefined;

/** The definition a property refers to (directly, through items, or through a map's values). */
function targetOf(prop: Schema | undefined): string | undefined {
  if (!prop) return undefined;
  if (typeof prop.$ref === "string") return prop.$ref;
  if (prop.items) return targetOf(prop.items);
  return undefined;
}

function build(): Map<string, Map<string, PatchExtensions>> {
  const out = new Map<string, Map<string, PatchExtensions>>();
  const visited = new Set<string>();
  const walk = (defName: string, typeName: string) => {
    const key = `${defName}\u0000${typeName}`;
    if (visited.has(key)) return;
    visited.add(key);
    const def = definition(defName);
    const fields = PATCH_META[typeName];
    if (!def?.properties || !fields) return;
    for (const [field, meta] of Object.entries(fields)) {
      const prop = def.properties[field];
      if (!prop) continue;
      if (meta.strategy || meta.mergeKey) {
        const ext: PatchExtensions = {};
        if (meta.mergeKey) ext["x-kubernetes-patch-merge-key"] = meta.mergeKey;
        if (meta.strategy) ext["x-kubernetes-patch-strategy"] = meta.strategy;
        let props = out.get(defName);
        if (!props) out.set(defName, (props = new Map()));
        props.set(field, ext);
      }
      const target = meta.type ? targetOf(prop) : undefined;
      if (target && meta.type) walk(target, meta.type);
    }
  };
  for (const [kindKey, rootType] of Object.entries(KIND_ROOTS)) {
    const slash = kindKey.lastIndexOf("/");
    const defName = definitionForKind(kindKey.slice(0, slash), kindKey.slice(slash + 1));
    if (defName) walk(defName, rootType);
  }
  return out;
}

/** Patch extensions of one definition's properties (property name → extensions). */
export function patchExtensionsOf(defName: string): ReadonlyMap<string, PatchExtensions> | undefined {
  table ??= build();
  return table.get(defName);
}
