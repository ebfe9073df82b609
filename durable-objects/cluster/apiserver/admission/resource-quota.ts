// ResourceQuota (kube's resourcequota plugin, the last validating plugin): a write in a namespace with
// quotas is checked against each quota that covers it (its status.hard names something the object
// uses, and its scopes match). For each, in name order:
// - a pod that leaves out a compute resource the quota limits: "failed quota: q: must specify
//   limits.cpu for: app; memory for: app";
// - a quota whose usage is not known yet for those resources: "status unknown for quota: …";
// - used + what the write adds > hard: "exceeded quota: q, requested: pods=1, used: pods=3, limited:
//   pods=3", naming only what is exceeded.
// The first failing quota refuses the write (403). When all pass, the quotas' status.used grows by what
// the write adds, in the write's own transaction (never on a dry run); the quota controller recounts.
// A quota the controller has not counted yet (no status.hard) is not enforced, as in kube.
import { storageKey, storagePrefix } from "../registry";
import { listCached } from "./listers";
import type { JsonObject } from "../registry/types";
import { compareQuantities, sumQuantities } from "../validation/quantity";
import { isObject, mapOf, objects, str } from "../validation/values";
import type { AdmissionPlugin, AdmissionRequest } from "./chain";
import { forbidden } from "./errors";
import { type Evaluator, evaluatorFor, type Usage } from "./quota/evaluators";

/** Compute resources a pod must name when a quota limits them (the pod evaluator's validationSet). */
const MUST_SPECIFY = ["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

const list = (v: unknown): Record<string, string> => (isObject(v) ? (v as Record<string, string>) : {});
const prettyPrint = (usage: Usage) =>
  Object.keys(usage)
    .sort()
    .map((k) => `${k}=${usage[k]}`)
    .join(",");

/** What a new version of an object adds: new − old per resource, never below zero, zeros dropped. */
function delta(now: Usage, before: Usage | undefined): Usage {
  const out: Usage = {};
  for (const [k, v] of Object.entries(now)) {
    const d = before && k in before ? (compareQuantities(v, before[k]) > 0 ? sumQuantities([v, `-${before[k]}`]) : "0") : v;
    if (compareQuantities(d, "0") !== 0) out[k] = d;
  }
  return out;
}

/** Whether a container names `resource` (a cpu request counts for cpu and requests.cpu). */
function specifies(container: JsonObject, resource: string): boolean {
  const res = mapOf(container.resources);
  const [field, name] = resource.startsWith("limits.") ? ["limits", resource.slice(7)] : ["requests", resource.replace(/^requests\./, "")];
  return name in list(res[field]);
}

function mustSpecify(pod: JsonObject, required: string[]): string | undefined {
  const spec = mapOf(pod.spec);
  const containers = [...objects(spec.containers), ...objects(spec.initContainers)];
  const missing = required
    .sort()
    .map((r) => ({ r, names: [...new Set(containers.filter((c) => !specifies(c, r)).map((c) => str(c.name)))].sort() }))
    .filter((m) => m.names.length > 0);
  return missing.length > 0 ? `must specify ${missing.map((m) => `${m.r} for: ${m.names.join(",")}`).join("; ")}` : undefined;
}

function quotasIn(req: AdmissionRequest): Array<{ key: string; quota: JsonObject }> {
  const rt = req.ctx.registry.resource("", "v1", "resourcequotas")!;
  // Listed in key order: by name.
  return listCached(req.ctx.store, storagePrefix(rt, req.namespace)).map((quota) => ({ key: storageKey(rt, req.namespace, str(mapOf(quota.metadata).name)), quota }));
}

/** The hard resources of `quota` that `evaluator` counts for `obj`, or none when the quota does not cover it. */
function covered(evaluator: Evaluator, quota: JsonObject, obj: JsonObject): string[] {
  const hard = list(mapOf(quota.status).hard);
  const names = Object.keys(hard).filter((k) => evaluator.matches(k));
  return names.length > 0 && evaluator.matchesScopes(quota, obj) ? names : [];
}

function check(req: AdmissionRequest, evaluator: Evaluator): void {
  const now = req.ctx.clock.now();
  const usage = evaluator.usage(req.obj, now);
  const oldUsage = req.old ? evaluator.usage(req.old, now) : undefined;
  const updates: Array<{ key: string; used: Usage }> = [];
  for (const { key, quota } of quotasIn(req)) {
    const names = covered(evaluator, quota, req.obj);
    if (names.length === 0) continue;
    const quotaName = str(mapOf(quota.metadata).name);
    if (req.rt.group === "" && req.rt.plural === "pods" && req.operation === "CREATE") {
      const missing = mustSpecify(req.obj, names.filter((n) => MUST_SPECIFY.includes(n)));
      if (missing) throw forbidden(req, `failed quota: ${quotaName}: ${missing}`);
    }
    const hard = list(mapOf(quota.status).hard);
    const used = list(mapOf(quota.status).used);
    if (names.some((n) => !(n in used))) throw forbidden(req, `status unknown for quota: ${quotaName}, resources: ${[...names].sort().join(",")}`);
    // An update is charged what it adds, where the old object was under this quota too.
    const added = delta(usage, oldUsage && covered(evaluator, quota, req.old!).length > 0 ? oldUsage : undefined);
    const requested: Usage = {};
    for (const n of names) if (n in added) requested[n] = added[n]!;
    if (Object.keys(requested).length === 0) continue;
    const exceeded = Object.keys(requested).filter((n) => compareQuantities(sumQuantities([used[n], requested[n]]), hard[n]) > 0);
    if (exceeded.length > 0) {
      const only = (u: Usage) => Object.fromEntries(exceeded.map((n) => [n, u[n] ?? "0"]));
      throw forbidden(req, `exceeded quota: ${quotaName}, requested: ${prettyPrint(only(requested))}, used: ${prettyPrint(only(used))}, limited: ${prettyPrint(only(hard))}`);
    }
    const next = { ...used };
    for (const [n, q] of Object.entries(requested)) next[n] = sumQuantities([used[n], q]);
    updates.push({ key, used: next });
  }
  for (const u of updates) {
    req.onCommit.push(() => {
      const current = req.ctx.store.get(u.key);
      if (!current) return;
      const quota = structuredClone(current.value) as JsonObject;
      quota.status = { ...mapOf(quota.status), used: u.used };
      req.ctx.store.update(u.key, quota, current.modRevision);
    });
  }
}

export const resourceQuotaPlugin: AdmissionPlugin = {
  name: "ResourceQuota",
  validate(req) {
    if (!req.namespace || (req.rt.group === "" && req.rt.plural === "namespaces")) return;
    const evaluator = evaluatorFor(req.rt);
    if (!evaluator || !evaluator.handles(req.operation, req.subresource)) return;
    check(req, evaluator);
  },
};
