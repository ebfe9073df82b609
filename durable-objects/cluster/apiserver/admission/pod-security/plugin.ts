// PodSecurity (kube's pod-security-admission) with kube-apiserver's defaults (enforce, audit and warn
// `privileged:latest`, no exemptions), so only namespace labels turn it on:
// `pod-security.kubernetes.io/enforce|warn|audit` (+ `-version`). In a namespace that enforces a level,
// a pod that fails its checks is refused (`pods "x" is forbidden: violates PodSecurity
// "restricted:latest": …`); at the warn level the write succeeds with a `would violate PodSecurity …`
// warning, for pods and for the pod templates of workload resources (which are never refused). A pod
// update is checked only when it changes containers or images. Invalid labels are 422; changing a
// namespace's enforce level warns about the existing pods that would now be refused. Every version
// label is evaluated with the latest checks (the message keeps the label's version). Audit
// annotations are not written.
import { storageKey, storagePrefix } from "../../registry";
import { namespaces } from "../../registry/core/namespaces";
import type { JsonObject } from "../../registry/types";
import { errors, type StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { mapOf, objects, str } from "../../validation/values";
import type { AdmissionPlugin, AdmissionRequest } from "../chain";
import { forbidden } from "../errors";
import { evaluatePod, forbiddenDetail, forbiddenReason, type Level } from "./checks";
import { getCached } from "../listers";

const PREFIX = "pod-security.kubernetes.io/";
const LEVELS: Level[] = ["privileged", "baseline", "restricted"];
const VERSION = /^(latest|v1\.([0-9]|[1-9][0-9]*))$/;
const MODES = ["enforce", "audit", "warn"] as const;
type Mode = (typeof MODES)[number];
/** The most pods a change of enforce level checks (defaultNamespaceMaxPodsToCheck). */
const MAX_PODS_TO_CHECK = 3000;
/** Pod subresources the plugin leaves alone. */
const IGNORED_SUBRESOURCES = new Set(["exec", "attach", "binding", "eviction", "log", "portforward", "proxy", "status"]);
/** Resources whose pod templates are checked (warn only), and where their template is. */
const TEMPLATE_RESOURCES: Record<string, (o: JsonObject) => JsonObject | undefined> = {
  "/replicationcontrollers": (o) => mapOf(o.spec).template as JsonObject | undefined,
  "/podtemplates": (o) => o.template as JsonObject | undefined,
  "apps/replicasets": (o) => mapOf(o.spec).template as JsonObject | undefined,
  "apps/deployments": (o) => mapOf(o.spec).template as JsonObject | undefined,
  "apps/statefulsets": (o) => mapOf(o.spec).template as JsonObject | undefined,
  "apps/daemonsets": (o) => mapOf(o.spec).template as JsonObject | undefined,
  "batch/jobs": (o) => mapOf(o.spec).template as JsonObject | undefined,
  "batch/cronjobs": (o) => mapOf(mapOf(mapOf(o.spec).jobTemplate).spec).template as JsonObject | undefined,
};

interface LevelVersion {
  level: Level;
  version: string;
}
const show = (lv: LevelVersion) => `${lv.level}:${lv.version}`;

interface Policy {
  enforce: LevelVersion;
  audit: LevelVersion;
  warn: LevelVersion;
  errors: StatusCause[];
}

/** The namespace's policy from its labels (api.PolicyToEvaluate), with the label errors. */
export function policyOf(labels: Record<string, string>): Policy {
  const errs: StatusCause[] = [];
  const read = (mode: Mode, invalidLevel: Level): LevelVersion => {
    let level: Level = "privileged";
    let version = "latest";
    const rawLevel = labels[`${PREFIX}${mode}`];
    if (rawLevel !== undefined) {
      if (LEVELS.includes(rawLevel as Level)) level = rawLevel as Level;
      else {
        errs.push(fieldErr.invalid(`metadata.labels[${PREFIX}${mode}]`, rawLevel, "must be one of privileged, baseline, restricted"));
        level = invalidLevel;
      }
    }
    const rawVersion = labels[`${PREFIX}${mode}-version`];
    if (rawVersion !== undefined) {
      if (VERSION.test(rawVersion)) version = rawVersion;
      else errs.push(fieldErr.invalid(`metadata.labels[${PREFIX}${mode}-version]`, rawVersion, 'must be "latest" or "v1.x"'));
    }
    return { level, version };
  };
  // An invalid enforce level fails closed; invalid audit and warn levels fail open.
  const enforce = read("enforce", "restricted");
  const audit = read("audit", "privileged");
  let warn = read("warn", "privileged");
  // Without a warn label, warn follows a stricter enforce level that was set validly.
  const enforceSet = labels[`${PREFIX}enforce`] !== undefined && LEVELS.includes(labels[`${PREFIX}enforce`] as Level);
  if (labels[`${PREFIX}warn`] === undefined && enforceSet && LEVELS.indexOf(enforce.level) > LEVELS.indexOf(warn.level)) {
    warn = { level: enforce.level, version: labels[`${PREFIX}warn-version`] !== undefined ? warn.version : enforce.version };
  }
  return { enforce, audit, warn, errors: errs };
}

function namespacePolicy(req: AdmissionRequest): Policy | undefined {
  const ns = getCached(req.ctx.store, storageKey(namespaces, undefined, req.namespace!));
  return ns ? policyOf((mapOf(mapOf(ns.metadata).labels) as Record<string, string>) ?? {}) : undefined;
}

/** isSignificantPodUpdate: containers added or removed, an image changed, an ephemeral container added or changed. */
function significantUpdate(pod: JsonObject, old: JsonObject): boolean {
  const [s, o] = [mapOf(pod.spec), mapOf(old.spec)];
  for (const field of ["containers", "initContainers"]) {
    const [a, b] = [objects(s[field]), objects(o[field])];
    if (a.length !== b.length || a.some((c, i) => c.image !== b[i]!.image)) return true;
  }
  const before = new Map(objects(o.ephemeralContainers).map((c) => [str(c.name), c.image]));
  return objects(s.ephemeralContainers).some((c) => !before.has(str(c.name)) || before.get(str(c.name)) !== c.image);
}

function checkPod(req: AdmissionRequest): void {
  if (IGNORED_SUBRESOURCES.has(req.subresource)) return;
  if (req.operation === "UPDATE" && req.old && !significantUpdate(req.obj, req.old)) return;
  const policy = namespacePolicy(req);
  if (!policy) return;
  const meta = mapOf(req.obj.metadata);
  const spec = mapOf(req.obj.spec);
  if (policy.enforce.level !== "privileged") {
    const failed = evaluatePod(policy.enforce.level, meta, spec);
    if (failed.length > 0) throw forbidden(req, `violates PodSecurity ${JSON.stringify(show(policy.enforce))}: ${forbiddenDetail(failed)}`);
  }
  warn(req, policy, meta, spec);
}

function warn(req: AdmissionRequest, policy: Policy, meta: JsonObject, spec: JsonObject): void {
  if (policy.warn.level === "privileged") return;
  const failed = evaluatePod(policy.warn.level, meta, spec);
  if (failed.length > 0) req.warnings.push(`would violate PodSecurity ${JSON.stringify(show(policy.warn))}: ${forbiddenDetail(failed)}`);
}

function checkTemplate(req: AdmissionRequest, template: JsonObject | undefined): void {
  if (req.subresource !== "" || !template) return;
  const policy = namespacePolicy(req);
  if (policy) warn(req, policy, mapOf(template.metadata), mapOf(template.spec));
}

/** A namespace's labels: valid, and a new enforce level tells which existing pods it would refuse. */
function checkNamespace(req: AdmissionRequest): void {
  const labels = (mapOf(mapOf(req.obj.metadata).labels) as Record<string, string>) ?? {};
  const policy = policyOf(labels);
  const oldPolicy = req.old ? policyOf((mapOf(mapOf(req.old.metadata).labels) as Record<string, string>) ?? {}) : undefined;
  const changedErrors = !oldPolicy || JSON.stringify(oldPolicy.errors) !== JSON.stringify(policy.errors);
  if (policy.errors.length > 0 && (req.operation === "CREATE" || changedErrors)) throw errors.invalid("Namespace", "", req.name, policy.errors);
  if (req.operation !== "UPDATE" || !oldPolicy || policy.enforce.level === "privileged") return;
  const same = show(oldPolicy.enforce) === show(policy.enforce);
  const looser = oldPolicy.enforce.version === policy.enforce.version && LEVELS.indexOf(policy.enforce.level) <= LEVELS.indexOf(oldPolicy.enforce.level);
  if (same || looser) return;
  const podsRt = req.ctx.registry.resource("", "v1", "pods")!;
  const pods = req.ctx.store.list(storagePrefix(podsRt, req.name)).items.map((kv) => kv.value as JsonObject);
  const checked = pods.slice(0, MAX_PODS_TO_CHECK);
  const byReason = new Map<string, string[]>();
  for (const pod of checked) {
    const failed = evaluatePod(policy.enforce.level, mapOf(pod.metadata), mapOf(pod.spec));
    if (failed.length === 0) continue;
    const reason = forbiddenReason(failed);
    byReason.set(reason, [...(byReason.get(reason) ?? []), str(mapOf(pod.metadata).name)]);
  }
  if (byReason.size === 0) return;
  if (pods.length > checked.length) req.warnings.push(`new PodSecurity enforce level only checked against the first ${checked.length} of ${pods.length} existing pods`);
  req.warnings.push(`existing pods in namespace ${JSON.stringify(req.name)} violate the new PodSecurity enforce level ${JSON.stringify(show(policy.enforce))}`);
  for (const reason of [...byReason.keys()].sort()) {
    const names = byReason.get(reason)!.sort();
    const others = names.length - 1;
    const who = others === 0 ? names[0] : `${names[0]} (and ${others} other ${others === 1 ? "pod" : "pods"})`;
    req.warnings.push(`${who}: ${reason}`);
  }
}

export const podSecurityPlugin: AdmissionPlugin = {
  name: "PodSecurity",
  validate(req) {
    const key = `${req.rt.group}/${req.rt.plural}`;
    if (key === "/namespaces") {
      if (req.subresource === "") checkNamespace(req);
      return;
    }
    if (!req.namespace) return;
    if (key === "/pods") checkPod(req);
    else if (key in TEMPLATE_RESOURCES) checkTemplate(req, TEMPLATE_RESOURCES[key]!(req.obj));
  },
};
