// PodSpec defaulting as kube-apiserver does it (pkg/apis/core/v1/defaults.go and the generated
// SetObjectDefaults_*): shared by Pods and every kind that carries a pod template (PodTemplate,
// ReplicationController, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob).
import { canonicalizeResourceList } from "../../validation/quantity";
import type { JsonObject } from "../types";
import { child, fill, isObject, objects } from "../../validation/values";

/** The tag of an image reference as parsers.ParseImageName sees it ("latest" when neither tag nor digest). */
export function imageTag(image: string): string {
  if (!image) return "";
  const at = image.indexOf("@");
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastPart = name.slice(name.lastIndexOf("/") + 1);
  const colon = lastPart.lastIndexOf(":");
  if (colon >= 0) return lastPart.slice(colon + 1);
  return at >= 0 ? "" : "latest";
}

function defaultHTTPGet(handler: unknown): void {
  if (!isObject(handler) || !isObject(handler.httpGet)) return;
  fill(handler.httpGet, "path", "/");
  fill(handler.httpGet, "scheme", "HTTP");
}

function defaultProbe(probe: unknown): void {
  if (!isObject(probe)) return;
  // Zero means unset for these int32 fields.
  for (const [key, value] of [["timeoutSeconds", 1], ["periodSeconds", 10], ["successThreshold", 1], ["failureThreshold", 3]] as const) {
    if (!probe[key]) probe[key] = value;
  }
  defaultHTTPGet(probe);
  if (isObject(probe.grpc) && probe.grpc.service == null) probe.grpc.service = "";
}

function defaultFieldRef(holder: unknown): void {
  if (isObject(holder) && isObject(holder.fieldRef)) fill(holder.fieldRef, "apiVersion", "v1");
}

/** SetDefaults_Container plus its generated nested defaults (ports, env, probes, lifecycle). */
function defaultContainer(c: JsonObject): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(typeof c.image === "string" ? c.image : "") === "latest" ? "Always" : "IfNotPresent";
  fill(c, "terminationMessagePath", "/dev/termination-log");
  fill(c, "terminationMessagePolicy", "File");
  // ResourceRequirements is a struct, not a pointer: kube always serializes it, empty or not.
  const resources = child(c, "resources");
  canonicalizeResourceList(resources.limits);
  canonicalizeResourceList(resources.requests);
  for (const port of objects(c.ports)) fill(port, "protocol", "TCP");
  for (const env of objects(c.env)) defaultFieldRef(env.valueFrom);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObject(c.lifecycle)) {
    defaultHTTPGet(c.lifecycle.postStart);
    defaultHTTPGet(c.lifecycle.preStop);
  }
}

/** The volume source fields of core/v1 VolumeSource: a volume with none of them becomes an emptyDir. */
const VOLUME_SOURCES = [
  "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
  "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
  "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
  "ephemeral", "image",
];

/** Field defaults of the volume sources that have them (shared with PersistentVolume sources). */
export const VOLUME_SOURCE_DEFAULTS: Record<string, Record<string, unknown>> = {
  hostPath: { type: "" },
  secret: { defaultMode: 420 },
  configMap: { defaultMode: 420 },
  downwardAPI: { defaultMode: 420 },
  projected: { defaultMode: 420 },
  iscsi: { iscsiInterface: "default" },
  rbd: { pool: "rbd", user: "admin", keyring: "/etc/ceph/keyring" },
  azureDisk: { cachingMode: "ReadWrite", fsType: "ext4", readOnly: false, kind: "Shared" },
  scaleIO: { storageMode: "ThinProvisioned", fsType: "xfs" },
};

export function defaultVolumeSource(source: JsonObject): void {
  for (const [field, defaults] of Object.entries(VOLUME_SOURCE_DEFAULTS)) {
    const s = source[field];
    if (!isObject(s)) continue;
    // hostPath.type "" is a real value (HostPathUnset); the rest are filled only when unset.
    for (const [key, value] of Object.entries(defaults)) if (s[key] === undefined || s[key] === null) s[key] = value;
  }
}

function defaultVolume(v: JsonObject): void {
  if (!VOLUME_SOURCES.some((s) => v[s] !== undefined && v[s] !== null)) v.emptyDir = {};
  defaultVolumeSource(v);
  if (isObject(v.downwardAPI)) for (const item of objects(v.downwardAPI.items)) defaultFieldRef(item);
  if (isObject(v.projected)) {
    for (const source of objects(v.projected.sources)) {
      if (isObject(source.downwardAPI)) for (const item of objects(source.downwardAPI.items)) defaultFieldRef(item);
      if (isObject(source.serviceAccountToken)) fill(source.serviceAccountToken, "expirationSeconds", 3600);
    }
  }
  const claim = isObject(v.ephemeral) ? v.ephemeral.volumeClaimTemplate : undefined;
  if (isObject(claim)) {
    const spec = child(claim, "spec");
    fill(spec, "volumeMode", "Filesystem");
    if (isObject(spec.resources)) {
      canonicalizeResourceList(spec.resources.limits);
      canonicalizeResourceList(spec.resources.requests);
    }
  }
}

/**
 * What every PodSpec gets (SetDefaults_PodSpec and the nested generated defaults): what a
 * Deployment's or Job's pod template shows after creation.
 */
export function defaultPodSpec(spec: JsonObject): void {
  fill(spec, "dnsPolicy", "ClusterFirst");
  fill(spec, "restartPolicy", "Always");
  if (!isObject(spec.securityContext)) spec.securityContext = {};
  if (typeof spec.terminationGracePeriodSeconds !== "number") spec.terminationGracePeriodSeconds = 30;
  fill(spec, "schedulerName", "default-scheduler");
  // v1's deprecated serviceAccount mirrors serviceAccountName (the v1 ↔ internal conversion).
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  for (const v of objects(spec.volumes)) defaultVolume(v);
  for (const c of [...objects(spec.initContainers), ...objects(spec.containers), ...objects(spec.ephemeralContainers)]) defaultContainer(c);
  canonicalizeResourceList(spec.overhead);
}

/** A PodTemplateSpec: its spec as a PodSpec, and the metadata kube always serializes. */
export function defaultPodTemplateSpec(tpl: JsonObject): void {
  const meta = child(tpl, "metadata");
  // ObjectMeta is a struct in PodTemplateSpec: kube ≤1.33 writes its zero creationTimestamp as null.
  if (!("creationTimestamp" in meta)) meta.creationTimestamp = null;
  defaultPodSpec(child(tpl, "spec"));
}

/** What only a Pod gets on top of defaultPodSpec (SetDefaults_Pod); priority is the Priority admission plugin's. */
export function defaultPod(pod: JsonObject): void {
  const spec = child(pod, "spec");
  for (const c of [...objects(spec.containers), ...objects(spec.initContainers)]) {
    // Requests default to limits on Pods only, not on templates.
    const res = child(c, "resources");
    if (!isObject(res.limits)) continue;
    const requests = child(res, "requests");
    for (const [k, v] of Object.entries(res.limits)) if (!(k in requests)) requests[k] = v;
  }
  if (typeof spec.enableServiceLinks !== "boolean") spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    for (const c of [...objects(spec.containers), ...objects(spec.initContainers)]) {
      for (const port of objects(c.ports)) if (!port.hostPort) port.hostPort = port.containerPort;
    }
  }
  defaultPodSpec(spec);
}
