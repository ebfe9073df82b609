// The scale subresource: an autoscaling/v1 Scale view of a type's replicas (kubectl scale, HPA).
import type { ApiContext, ApiResult, ResourceRequest } from "../context";
import { metadataOf, parseResourceVersion, servedValue, toApiObject } from "../objects";
import { at, setAt } from "../registry/define";
import type { JsonObject, ResourceType, ScaleSpec } from "../registry/types";
import { errors } from "../status";
import { gr, isDryRun } from "./common";
import { currentObject, writeUpdate } from "./update";

function scaleSpec(rt: ResourceType): ScaleSpec {
  if (!rt.scale) throw errors.pathNotFound();
  return rt.scale;
}

/** The Scale of an object as clients see it (resourceVersion = the object's). */
export function toScale(rt: ResourceType, obj: JsonObject): JsonObject {
  const spec = scaleSpec(rt);
  const meta = metadataOf(obj);
  const scaleMeta: JsonObject = { name: meta.name, uid: meta.uid, resourceVersion: meta.resourceVersion, creationTimestamp: meta.creationTimestamp };
  if (meta.namespace) scaleMeta.namespace = meta.namespace;
  const status: JsonObject = { replicas: (at(obj, spec.statusReplicas) as number | undefined) ?? 0 };
  const selector = spec.selector?.(obj);
  if (selector) status.selector = selector;
  return { kind: "Scale", apiVersion: "autoscaling/v1", metadata: scaleMeta, spec: { replicas: (at(obj, spec.specReplicas) as number | undefined) ?? 0 }, status };
}

export function getScale(ctx: ApiContext, req: ResourceRequest): ApiResult {
  const current = currentObject(ctx, req);
  return { code: 200, body: toScale(req.rt, toApiObject(req.rt, current)) };
}

/** PUT …/scale with a Scale body (or a patched Scale): sets the desired replicas on the object. */
export function updateScale(ctx: ApiContext, req: ResourceRequest, scale: JsonObject | undefined = req.body): ApiResult {
  const { rt } = req;
  const spec = scaleSpec(rt);
  if (!scale) throw errors.badRequest("the body of the request is empty");
  if (scale.kind !== undefined && scale.kind !== "Scale") {
    throw errors.badRequest(`the kind in the data (${String(scale.kind)}) does not match the expected kind (Scale)`);
  }
  const name = req.name!;
  const scaleMeta = metadataOf(scale);
  if (scaleMeta.name !== undefined && scaleMeta.name !== name) {
    throw errors.badRequest(`the name of the object (${String(scaleMeta.name)}) does not match the name on the URL (${name})`);
  }
  const replicas = (scale.spec as JsonObject | undefined)?.replicas ?? 0;
  if (!Number.isInteger(replicas) || (replicas as number) < 0) {
    throw errors.invalid("Scale", "autoscaling", name, [
      { reason: "FieldValueInvalid", field: "spec.replicas", message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` },
    ]);
  }
  const current = currentObject(ctx, req);
  const expected = parseResourceVersion(scaleMeta.resourceVersion as string | undefined);
  if (expected !== undefined && expected !== current.modRevision) throw errors.conflict(gr(rt), name);
  const next = structuredClone(servedValue(rt, current.value));
  setAt(next, spec.specReplicas, replicas);
  delete metadataOf(next).resourceVersion;
  const result = writeUpdate(ctx, { ...req, subresource: "scale" }, current, next, { dryRun: isDryRun(req.query) });
  return { ...result, body: toScale(rt, result.body as JsonObject) };
}
