// ServiceAccount (kube's serviceaccount plugin) on pod creation: the pod runs as its
// serviceAccountName ("default" if unset), which must exist; unless automounting is off (the pod's
// automountServiceAccountToken, else the account's), it gets the projected `kube-api-access-<5>` volume
// (a bound token of 3607 s, the cluster's CA from the kube-root-ca.crt ConfigMap, the namespace) mounted
// read-only at /var/run/secrets/kubernetes.io/serviceaccount in each container and init container that
// does not mount something there already (ephemeral containers get none); and the account's
// imagePullSecrets when the pod names none.
// Mirror pods (a kubelet's static pods) are left alone.
import { generateName } from "../objects";
import { storageKey } from "../registry";
import type { JsonObject } from "../registry/types";
import { mapOf, objects, str, strMap } from "../validation/values";
import { isResource, type AdmissionPlugin, type AdmissionRequest } from "./chain";
import { forbidden } from "./errors";
import { getCached } from "./listers";

export const SERVICE_ACCOUNT_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
export const ROOT_CA_CONFIGMAP = "kube-root-ca.crt";
const VOLUME_PREFIX = "kube-api-access-";
const MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
/** The token's lifetime as the plugin asks it: an hour, plus 7 s so that a kubelet can tell it from one it asked for. */
const TOKEN_EXPIRATION_SECONDS = 3607;

/** The projected volume the plugin adds. */
export function apiAccessVolume(name: string): JsonObject {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: "token" } },
        { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: ROOT_CA_CONFIGMAP } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }] } },
      ],
    },
  };
}

function admitPod(req: AdmissionRequest): void {
  if (MIRROR_ANNOTATION in strMap(mapOf(req.obj.metadata).annotations)) return;
  const spec = mapOf(req.obj.spec);
  req.obj.spec = spec;
  const accountName = str(spec.serviceAccountName) || "default";
  spec.serviceAccountName = accountName;
  spec.serviceAccount = accountName;
  const rt = req.ctx.registry.resource("", "v1", "serviceaccounts")!;
  let account = getCached(req.ctx.store, storageKey(rt, req.namespace, accountName)) ?? undefined;
  // kube's plugin waits (ten tries) for the service account controller to make a new namespace's
  // "default"; that controller here runs right after the write that made the namespace, so a pod
  // created in the same breath (a manifest of a Namespace and its Deployment) is admitted as it would be.
  if (!account && accountName === "default") account = {};
  if (!account) throw forbidden(req, `error looking up service account ${req.namespace}/${accountName}: serviceaccount "${accountName}" not found`);

  const automount = typeof spec.automountServiceAccountToken === "boolean" ? spec.automountServiceAccountToken : account.automountServiceAccountToken !== false;
  if (automount) mountToken(spec);
  const pullSecrets = objects(account.imagePullSecrets);
  if (objects(spec.imagePullSecrets).length === 0 && pullSecrets.length > 0) spec.imagePullSecrets = pullSecrets.map((s) => ({ name: str(s.name) }));
}

function mountToken(spec: JsonObject): void {
  const containers = [...objects(spec.initContainers), ...objects(spec.containers)];
  const needing = containers.filter((c) => !objects(c.volumeMounts).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH));
  if (needing.length === 0) return;
  const volumes = objects(spec.volumes);
  // A pod that has a kube-api-access volume already (a copy of another pod's spec) mounts that one.
  let name = volumes.map((v) => str(v.name)).find((n) => n.startsWith(VOLUME_PREFIX));
  if (!name) {
    name = generateName(VOLUME_PREFIX);
    spec.volumes = [...volumes, apiAccessVolume(name)];
  }
  for (const c of needing) c.volumeMounts = [...objects(c.volumeMounts), { mountPath: SERVICE_ACCOUNT_MOUNT_PATH, name, readOnly: true }];
}

export const serviceAccountPlugin: AdmissionPlugin = {
  name: "ServiceAccount",
  admit(req) {
    if (req.operation === "CREATE" && isResource(req, "", "pods")) admitPod(req);
  },
};
