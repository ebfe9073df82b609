// The Go API types, as data: which struct an apiVersion/kind is, and each struct's fields in declaration order.
// model.generated.ts comes from Kubernetes' own source (scripts/gen-go-types.mjs); the JSON encoder
// (../serializer) and the protobuf field tables (../protobuf/fields) are both derived from it.
import { GO_KINDS, GO_STRUCTS, GO_WRAPPERS, WIRE_MESSAGES } from "./model.generated";

export { GO_KINDS, GO_STRUCTS, GO_WRAPPERS, WIRE_MESSAGES };
export * from "./types";

/**
 * The Go struct of an object's apiVersion and kind ("apps/v1", "Deployment" → "apps.v1.Deployment"), or undefined
 * for kinds that are not built in (custom resources: unstructured). The discovery documents and Status may come
 * without an apiVersion, as kube writes APIVersions.
 */
export function goTypeOf(apiVersion: unknown, kind: unknown): string | undefined {
  if (typeof kind !== "string") return undefined;
  const key = `${typeof apiVersion === "string" && apiVersion ? apiVersion : "v1"}/${kind}`;
  return Object.hasOwn(GO_KINDS, key) ? GO_KINDS[key] : undefined;
}
