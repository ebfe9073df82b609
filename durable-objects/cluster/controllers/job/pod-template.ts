// The pods a Job makes (kube's job_controller.go and indexed_job_utils.go): the template, the
// job-tracking finalizer, and for an Indexed Job the completion index as annotation and label, the
// `<job>-<index>` hostname and the JOB_COMPLETION_INDEX variable in every container.
import type { JsonObject } from "../../apiserver/registry/types";
import { podFromTemplate } from "../runtime/pod-template";
import { COMPLETION_INDEX } from "./indexes";

export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

function addIndexEnv(container: JsonObject): void {
  const env = (Array.isArray(container.env) ? container.env : []) as JsonObject[];
  if (env.some((e) => e.name === "JOB_COMPLETION_INDEX")) return;
  container.env = [...env, { name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } } }];
}

export function podForJob(job: JsonObject, ownerRef: JsonObject, index?: number): JsonObject {
  const name = String((job.metadata as JsonObject).name);
  const template = (job.spec as JsonObject).template as JsonObject;
  const pod = podFromTemplate(template, job, ownerRef, { generateName: index === undefined ? `${name}-` : `${name}-${index}-` });
  const meta = pod.metadata as JsonObject;
  meta.finalizers = [...((meta.finalizers ?? []) as string[]), JOB_TRACKING_FINALIZER];
  if (index !== undefined) {
    meta.annotations = { ...((meta.annotations ?? {}) as Record<string, string>), [COMPLETION_INDEX]: String(index) };
    meta.labels = { ...((meta.labels ?? {}) as Record<string, string>), [COMPLETION_INDEX]: String(index) };
    const spec = pod.spec as JsonObject;
    if (!spec.hostname) spec.hostname = `${name}-${index}`;
    for (const key of ["initContainers", "containers"]) for (const c of (spec[key] ?? []) as JsonObject[]) addIndexEnv(c);
  }
  return pod;
}

export function hasTrackingFinalizer(pod: JsonObject): boolean {
  return (((pod.metadata as JsonObject | undefined)?.finalizers ?? []) as string[]).includes(JOB_TRACKING_FINALIZER);
}
