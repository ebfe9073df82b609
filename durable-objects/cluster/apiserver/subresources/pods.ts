// The pod subresources that are not the object itself: binding (the scheduler's write), eviction
// (a delete that respects PodDisruptionBudgets), and log/exec/attach/portforward/proxy, which need a
// running container: until a kubelet runs one they answer as kube-apiserver does for a pod whose
// containers have not started.
import type { ApiContext, ApiResult, ResourceRequest } from "../context";
import { isDryRun } from "../handlers/common";
import { deleteObject } from "../handlers/delete";
import { commitUpdate, currentObject, writeUpdate } from "../handlers/update";
import { metadataOf, toStored } from "../objects";
import { storageKey, storagePrefix } from "../registry";
import { containerLogs, formatLogEntry, logLinesBetween, type LogOptions } from "../../kubelet/logs";
import { at } from "../registry/define";
import type { JsonObject } from "../registry/types";
import { matchesLabels, parseLabelSelector } from "../selectors/labels";
import { queryBool, queryInt64, queryTime } from "../query";
import { ApiError, errors, status, type StatusCause } from "../status";

const success = (code: number): ApiResult => ({ code, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code } });

/** POST pods/<name>/binding: assigns the pod to a node, once. */
export function bindPod(ctx: ApiContext, req: ResourceRequest): ApiResult {
  const binding = (req.body ?? {}) as JsonObject;
  const target = (binding.target ?? {}) as JsonObject;
  const name = req.name!;
  if (typeof target.name !== "string" || target.name === "") {
    throw errors.invalid("Binding", "", name, [{ reason: "FieldValueRequired", field: "target.name", message: "Required value" }]);
  }
  if (target.kind !== undefined && target.kind !== "Node" && target.kind !== "") {
    throw errors.invalid("Binding", "", name, [{ reason: "FieldValueNotSupported", field: "target.kind", message: `Unsupported value: ${JSON.stringify(target.kind)}: supported values: "Node"` }]);
  }
  const current = currentObject(ctx, req);
  const pod = structuredClone(current.value);
  const assigned = at(pod, "spec.nodeName");
  if (assigned) throw errors.conflict({ group: "", resource: "pods/binding" }, name, `pod ${name} is already assigned to node "${String(assigned)}"`);
  if (metadataOf(pod).deletionTimestamp) throw errors.conflict({ group: "", resource: "pods/binding" }, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  (pod.spec as JsonObject).nodeName = target.name;
  const status = (pod.status ??= {}) as JsonObject;
  const conditions = ((status.conditions ?? []) as JsonObject[]).filter((c) => c.type !== "PodScheduled");
  status.conditions = [...conditions, { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: ctx.clock.timestamp() }];
  // As kube-apiserver's binding storage: a direct write of nodeName and PodScheduled=True, not a pod update (whose validation forbids it).
  commitUpdate(ctx, req.rt, current.key, toStored(pod, req.rt), current.value, current.modRevision, isDryRun(req.query));
  return success(201);
}

/** The message of every refusal; the cause says why. */
const CANNOT_EVICT = "Cannot evict pod as it would violate the pod's disruption budget.";

const podReady = (pod: JsonObject) => ((at(pod, "status.conditions") ?? []) as JsonObject[]).some((c) => c.type === "Ready" && c.status === "True");

/**
 * POST pods/<name>/eviction, as kube's eviction REST: a pod that is finished, pending or already being
 * deleted goes at once; otherwise the one PodDisruptionBudget covering it must allow a disruption, and
 * the eviction takes it (disruptionsAllowed - 1, the pod in disruptedPods) in the same write as the delete.
 */
export function evictPod(ctx: ApiContext, req: ResourceRequest): ApiResult {
  const current = currentObject(ctx, req);
  const pod = current.value;
  const dryRun = isDryRun(req.query);
  const phase = at(pod, "status.phase");
  const pdbRt = ctx.registry.resource("policy", "v1", "poddisruptionbudgets");
  const ignoresBudgets = phase === "Succeeded" || phase === "Failed" || phase === "Pending" || Boolean(metadataOf(pod).deletionTimestamp);
  const deletePod = () => {
    const eviction = (req.body ?? {}) as JsonObject;
    const deleteOptions = (eviction.deleteOptions ?? {}) as JsonObject;
    deleteObject(ctx, { ...req, subresource: undefined, body: { ...deleteOptions, kind: "DeleteOptions" } } as ResourceRequest);
    return success(201);
  };
  if (!pdbRt || ignoresBudgets) return deletePod();
  const labels = metadataOf(pod).labels as Record<string, string> | undefined;
  const budgets = ctx.store.list(storagePrefix(pdbRt, req.namespace)).items.map((kv) => kv.value).filter((pdb) => selects(pdb, labels));
  if (budgets.length > 1) throw errors.internal("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
  if (budgets.length === 0) return deletePod();
  const pdb = budgets[0]!;
  const pdbName = String(metadataOf(pdb).name);
  const st = (pdb.status ?? {}) as JsonObject;
  const num = (v: unknown) => (typeof v === "number" ? v : 0);
  // An unready pod does not count as healthy: evicting it takes nothing from a budget that is met.
  if (!podReady(pod)) {
    if (at(pdb, "spec.unhealthyPodEvictionPolicy") === "AlwaysAllow") return deletePod();
    if (num(st.currentHealthy) >= num(st.desiredHealthy) && num(st.desiredHealthy) > 0) return deletePod();
  }
  if (num(st.observedGeneration) < Number(metadataOf(pdb).generation ?? 1)) {
    throw new ApiError(status(429, "TooManyRequests", CANNOT_EVICT, { causes: [{ reason: "DisruptionBudget", message: `The disruption budget ${pdbName} is still being processed by the server.` }], retryAfterSeconds: 10 }));
  }
  if (num(st.disruptionsAllowed) < 0) throw errors.forbidden(`poddisruptionbudget.policy "${pdbName}" is forbidden: pdb disruptions allowed is negative`, { group: "policy", resource: "poddisruptionbudget" }, pdbName);
  if (num(st.disruptionsAllowed) === 0) {
    throw new ApiError(status(429, "TooManyRequests", CANNOT_EVICT, { causes: [{ reason: "DisruptionBudget", message: `The disruption budget ${pdbName} needs ${num(st.desiredHealthy)} healthy pods and has ${num(st.currentHealthy)} currently` }] }));
  }
  if (!dryRun) {
    const pdbReq: ResourceRequest = { rt: pdbRt, namespace: req.namespace, name: pdbName, subresource: "status", query: new URLSearchParams() };
    const stored = currentObject(ctx, pdbReq);
    const next = structuredClone(stored.value);
    const nextStatus = (next.status ??= {}) as JsonObject;
    nextStatus.disruptionsAllowed = num(nextStatus.disruptionsAllowed) - 1;
    nextStatus.disruptedPods = { ...((nextStatus.disruptedPods ?? {}) as Record<string, string>), [String(metadataOf(pod).name)]: ctx.clock.timestamp() };
    if (nextStatus.disruptionsAllowed === 0) {
      nextStatus.conditions = ((nextStatus.conditions ?? []) as JsonObject[]).map((c) =>
        c.type === "DisruptionAllowed" && c.status !== "False" ? { ...c, status: "False", lastTransitionTime: ctx.clock.timestamp(), reason: "InsufficientPods", message: "" } : c,
      );
    }
    delete metadataOf(next).resourceVersion;
    writeUpdate(ctx, pdbReq, stored, next, { dryRun: false });
  }
  return deletePod();
}

function selects(pdb: JsonObject, labels: Record<string, string> | undefined): boolean {
  // policy/v1: no selector selects no pods, an empty one selects every pod in the namespace.
  const selector = at(pdb, "spec.selector") as JsonObject | undefined;
  if (!selector) return false;
  const parts: string[] = [];
  for (const [k, v] of Object.entries((selector.matchLabels ?? {}) as Record<string, string>)) parts.push(`${k}=${v}`);
  for (const e of (selector.matchExpressions ?? []) as JsonObject[]) {
    const values = ((e.values ?? []) as string[]).join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") parts.push(String(e.key));
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
  }
  if (parts.length === 0) return true;
  return matchesLabels(parseLabelSelector(parts.join(",")), labels);
}

/** The container a log/exec/attach request means, checked as kube-apiserver checks it. */
function containerOf(pod: JsonObject, query: URLSearchParams): string {
  const name = metadataOf(pod).name as string;
  const containers = ((at(pod, "spec.containers") ?? []) as JsonObject[]).map((c) => c.name as string);
  const all = [...containers, ...((at(pod, "spec.initContainers") ?? []) as JsonObject[]).map((c) => c.name as string)];
  const asked = query.get("container");
  if (!asked) {
    if (containers.length === 1) return containers[0]!;
    throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(" ")}]`);
  }
  if (!all.includes(asked)) throw errors.badRequest(`container ${asked} is not valid for pod ${name}`);
  return asked;
}

/** GET pods/<name>/log: the container's output, a pure function of its runs (kubelet/logs.ts); `follow` streams on. */
export function podLogs(ctx: ApiContext, req: ResourceRequest): Response {
  // As kube: the options decode (400) and validate (422) before the pod is looked up.
  const { follow: followAsked, ...opts } = podLogOptions(req.query, req.name!);
  const pod = currentObject(ctx, req).value;
  const container = containerOf(pod, req.query);
  if (!at(pod, "spec.nodeName")) return new Response("", { headers: { "Content-Type": "text/plain" } });
  const now = ctx.clock.now();
  const env = ctx.kubelet?.containerEnv(pod, container);
  const result = containerLogs(pod, container, now, { ...opts, ...(env ? { env } : {}) });
  if ("error" in result) throw errors.badRequest(result.error);
  const follow = followAsked && !opts.previous;
  if (!follow) return new Response(result.text, { headers: { "Content-Type": "text/plain" } });
  // "identity": a compressing proxy (Miniflare gzips by default) would hold the lines back.
  return new Response(followLogs(ctx, req, container, result.text, now, opts.timestamps === true), { headers: { "Content-Type": "text/plain", "Content-Encoding": "identity" } });
}

/**
 * PodLogOptions from the query, in the order of its fields (the generated url.Values conversion),
 * then ValidatePodLogOptions (kubernetes pkg/apis/core/validation). insecureSkipTLSVerifyBackend
 * reaches no kubelet here; stream selection is not offered.
 */
function podLogOptions(q: URLSearchParams, pod: string): LogOptions & { follow: boolean } {
  const follow = queryBool(q, "follow");
  const previous = queryBool(q, "previous");
  const sinceSeconds = queryInt64(q, "sinceSeconds");
  const sinceTime = queryTime(q, "sinceTime");
  const timestamps = queryBool(q, "timestamps");
  const tailLines = queryInt64(q, "tailLines");
  const limitBytes = queryInt64(q, "limitBytes");
  const causes: StatusCause[] = [];
  const invalid = (field: string, value: number, detail: string) => causes.push({ reason: "FieldValueInvalid", message: `Invalid value: ${value}: ${detail}`, field });
  if (tailLines !== undefined && tailLines < 0) invalid("tailLines", tailLines, "must be greater than or equal to 0");
  if (limitBytes !== undefined && limitBytes < 1) invalid("limitBytes", limitBytes, "must be greater than 0");
  if (sinceSeconds !== undefined && sinceTime !== undefined) {
    causes.push({ reason: "FieldValueForbidden", message: "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified", field: "" });
  } else if (sinceSeconds !== undefined && sinceSeconds < 1) invalid("sinceSeconds", sinceSeconds, "must be greater than 0");
  if (causes.length > 0) throw errors.invalid("PodLogOptions", "", pod, causes);
  const opts: LogOptions & { follow: boolean } = { follow, previous, timestamps };
  if (sinceSeconds !== undefined) opts.sinceSeconds = sinceSeconds;
  if (sinceTime !== undefined) opts.sinceTime = new Date(sinceTime).toISOString();
  if (tailLines !== undefined) opts.tailLines = tailLines;
  if (limitBytes !== undefined) opts.limitBytes = limitBytes;
  return opts;
}

/** The longest a follow stream sleeps before looking at the pod again (it may have restarted). */
const FOLLOW_RECHECK_MS = 30_000;

/** Streams new lines as cluster time reaches them, until the container stops, the pod goes or the client leaves. */
function followLogs(ctx: ApiContext, req: ResourceRequest, container: string, initial: string, from: number, timestamps: boolean): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let last = from;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (initial) controller.enqueue(encoder.encode(initial));
      const step = () => {
        const kv = ctx.store.get(storageKey(req.rt, req.namespace, req.name!));
        if (!kv) return controller.close();
        const now = ctx.clock.now();
        const env = ctx.kubelet?.containerEnv(kv.value, container);
        const r = logLinesBetween(kv.value, container, last, now, env ? { env } : {});
        if ("error" in r) return controller.close();
        last = now;
        const text = r.lines.map((e) => formatLogEntry(e, timestamps)).join("");
        if (text) controller.enqueue(encoder.encode(text));
        if (r.nextAt === null && !isRunning(kv.value, container)) return controller.close();
        const wait = r.nextAt === null ? FOLLOW_RECHECK_MS : Math.min(Math.max(r.nextAt - now, 0) + 1, FOLLOW_RECHECK_MS);
        timer = setTimeout(step, wait);
      };
      timer = setTimeout(step, 0);
    },
    cancel() {
      if (timer) clearTimeout(timer);
    },
  });
}

function isRunning(pod: JsonObject, container: string): boolean {
  const statuses = [...((at(pod, "status.containerStatuses") ?? []) as JsonObject[]), ...((at(pod, "status.initContainerStatuses") ?? []) as JsonObject[])];
  const s = statuses.find((c) => c.name === container);
  return Boolean(at(s, "state.running")) || Boolean(at(s, "state.waiting"));
}

/**
 * exec and attach need a running container, and then a streaming connection to it,
 * which simulated containers do not offer: that is refused as an unsupported method, clearly.
 */
export function podStream(ctx: ApiContext, req: ResourceRequest): never {
  const pod = currentObject(ctx, req).value;
  const phase = at(pod, "status.phase");
  if (phase === "Succeeded" || phase === "Failed") throw errors.badRequest(`cannot ${req.subresource} into a container in a completed pod; current phase is ${String(phase)}`);
  if (!at(pod, "spec.nodeName")) throw errors.badRequest(`pod ${req.name} does not have a host assigned`);
  const container = containerOf(pod, req.query);
  const statuses = [...((at(pod, "status.containerStatuses") ?? []) as JsonObject[]), ...((at(pod, "status.initContainerStatuses") ?? []) as JsonObject[])];
  if (at(statuses.find((s) => s.name === container), "state.running")) {
    throw errors.methodNotAllowed(`${req.subresource} is not supported: container "${container}" in pod "${req.name}" is simulated and runs no process to connect to`);
  }
  throw errors.badRequest(`container "${container}" in pod "${req.name}" is waiting to start: ${waitingReason(pod, container)}`);
}

function waitingReason(pod: JsonObject, container: string): string {
  const statuses = (at(pod, "status.containerStatuses") ?? []) as JsonObject[];
  const reason = at(statuses.find((s) => s.name === container), "state.waiting.reason");
  return typeof reason === "string" ? reason : "ContainerCreating";
}


