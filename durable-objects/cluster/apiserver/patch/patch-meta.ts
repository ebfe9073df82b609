// Strategic-merge-patch metadata of the built-in kinds: kube's `patchStrategy` / `patchMergeKey` struct tags
// (k8s.io/api and apimachinery's ObjectMeta), written out as type name → field → meta. A field is listed when it
// has a tag, or when its type (or one below it) does, so that the merge can walk down to it. Every field not
// listed behaves as in a JSON merge patch: maps merge, lists are replaced.
//
// Lists that are atomic in kube (no tag), despite looking mergeable: tolerations, readinessGates, envFrom,
// resizePolicy, container statuses, Endpoints subsets and their addresses/ports, volumeClaimTemplates.

export type PatchStrategy = "merge" | "replace" | "retainKeys" | "merge,retainKeys";

export interface FieldMeta {
  /** The field's type (for a list, its element type), when it has fields of its own listed here. */
  type?: string;
  strategy?: PatchStrategy;
  /** Identifies an element of a list of objects with strategy merge. */
  mergeKey?: string;
}

export type PatchMetaTable = Readonly<Record<string, Readonly<Record<string, FieldMeta>>>>;

const merge = (mergeKey: string, type?: string): FieldMeta => (type ? { type, strategy: "merge", mergeKey } : { strategy: "merge", mergeKey });
const conditions = { conditions: merge("type") };
const meta = { metadata: { type: "ObjectMeta" } };
const withStatus = (status: string) => ({ ...meta, status: { type: status } });
const withSpec = (spec: string, status?: string) => ({ ...(status ? withStatus(status) : meta), spec: { type: spec } });

const container = {
  ports: merge("containerPort"),
  env: merge("name"),
  volumeMounts: merge("mountPath"),
  volumeDevices: merge("devicePath"),
};

export const PATCH_META: PatchMetaTable = {
  // Any kind whose only tagged fields are in its metadata.
  Object: meta,
  ObjectMeta: {
    finalizers: { strategy: "merge" },
    ownerReferences: merge("uid"),
  },

  // core/v1
  Pod: withSpec("PodSpec", "PodStatus"),
  PodTemplate: { ...meta, template: { type: "PodTemplateSpec" } },
  PodTemplateSpec: withSpec("PodSpec"),
  PodSpec: {
    volumes: { strategy: "merge,retainKeys", mergeKey: "name" },
    initContainers: merge("name", "Container"),
    containers: merge("name", "Container"),
    ephemeralContainers: merge("name", "Container"), // EphemeralContainerCommon has Container's tags
    imagePullSecrets: merge("name"),
    hostAliases: merge("ip"),
    // SSA keys this list by topologyKey+whenUnsatisfiable; the SMP tag names topologyKey only.
    topologySpreadConstraints: merge("topologyKey"),
    schedulingGates: merge("name"),
    resourceClaims: { strategy: "merge,retainKeys", mergeKey: "name" },
  },
  Container: container,
  PodStatus: {
    ...conditions,
    hostIPs: merge("ip"),
    podIPs: merge("ip"),
    resourceClaimStatuses: { strategy: "merge,retainKeys", mergeKey: "name" },
  },
  ReplicationController: withSpec("ReplicationControllerSpec", "ConditionsStatus"),
  ReplicationControllerSpec: { template: { type: "PodTemplateSpec" } },
  Service: withSpec("ServiceSpec", "ConditionsStatus"),
  // No special case server-side: ports merge by port alone, so one port number with two protocols
  // cannot be told apart by a strategic merge patch (kubernetes/kubernetes#39188).
  ServiceSpec: { ports: merge("port") },
  ServiceAccount: { ...meta, secrets: merge("name") },
  Node: withSpec("NodeSpec", "NodeStatus"),
  NodeSpec: { podCIDRs: { strategy: "merge" } },
  NodeStatus: { ...conditions, addresses: merge("type") },
  ComponentStatus: { ...meta, ...conditions },
  ConditionsStatus: conditions,
  // Namespace, PersistentVolumeClaim, HorizontalPodAutoscaler (v2; v1 has no conditions), FlowSchema, ...
  ConditionsObject: withStatus("ConditionsStatus"),

  // apps/v1
  Deployment: withSpec("DeploymentSpec", "ConditionsStatus"),
  DeploymentSpec: { template: { type: "PodTemplateSpec" }, strategy: { strategy: "retainKeys" } },
  ReplicaSet: withSpec("TemplateSpec", "ConditionsStatus"),
  StatefulSet: withSpec("TemplateSpec", "ConditionsStatus"),
  DaemonSet: withSpec("TemplateSpec", "ConditionsStatus"),
  TemplateSpec: { template: { type: "PodTemplateSpec" } },

  // batch/v1
  Job: withSpec("TemplateSpec", "ConditionsStatus"),
  CronJob: withSpec("CronJobSpec"),
  CronJobSpec: { jobTemplate: { type: "JobTemplateSpec" } },
  JobTemplateSpec: withSpec("TemplateSpec"),

  // policy/v1
  PodDisruptionBudget: withSpec("PodDisruptionBudgetSpec", "ConditionsStatus"),
  PodDisruptionBudgetSpec: { selector: { strategy: "replace" } },

  // admissionregistration.k8s.io/v1
  ValidatingWebhookConfiguration: { ...meta, webhooks: merge("name", "Webhook") },
  MutatingWebhookConfiguration: { ...meta, webhooks: merge("name", "Webhook") },
  Webhook: { matchConditions: merge("name") },
  AdmissionPolicy: withSpec("AdmissionPolicySpec"),
  AdmissionPolicySpec: { matchConditions: merge("name"), variables: merge("name") },

  // others
  CSINode: withSpec("CSINodeSpec"),
  CSINodeSpec: { drivers: merge("name") },
  ResourceClaim: withStatus("ResourceClaimStatus"),
  ResourceClaimStatus: { reservedFor: merge("uid") },
};

/** Built-in kinds (apiVersion/kind, as the registry keys them) → their root type in PATCH_META. */
export const KIND_ROOTS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    [
      "v1/Binding", "v1/ConfigMap", "v1/Endpoints", "v1/Event", "v1/LimitRange", "v1/PersistentVolume",
      "v1/ResourceQuota", "v1/Secret",
      "apps/v1/ControllerRevision", "autoscaling/v1/Scale",
      "apiextensions.k8s.io/v1/CustomResourceDefinition", "apiregistration.k8s.io/v1/APIService",
      "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding",
      "admissionregistration.k8s.io/v1/MutatingAdmissionPolicyBinding",
      "certificates.k8s.io/v1/CertificateSigningRequest", "coordination.k8s.io/v1/Lease",
      "discovery.k8s.io/v1/EndpointSlice", "events.k8s.io/v1/Event",
      "networking.k8s.io/v1/Ingress", "networking.k8s.io/v1/IngressClass", "networking.k8s.io/v1/NetworkPolicy",
      "networking.k8s.io/v1/IPAddress", "networking.k8s.io/v1/ServiceCIDR", "node.k8s.io/v1/RuntimeClass",
      "rbac.authorization.k8s.io/v1/ClusterRole", "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
      "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/RoleBinding",
      "scheduling.k8s.io/v1/PriorityClass", "storage.k8s.io/v1/CSIDriver", "storage.k8s.io/v1/CSIStorageCapacity",
      "storage.k8s.io/v1/StorageClass", "storage.k8s.io/v1/VolumeAttachment",
      "resource.k8s.io/v1/DeviceClass", "resource.k8s.io/v1/ResourceClaimTemplate", "resource.k8s.io/v1/ResourceSlice",
    ].map((k) => [k, "Object"]),
  ),
  "v1/Pod": "Pod",
  "v1/PodTemplate": "PodTemplate",
  "v1/ReplicationController": "ReplicationController",
  "v1/Service": "Service",
  "v1/ServiceAccount": "ServiceAccount",
  "v1/Node": "Node",
  "v1/Namespace": "ConditionsObject",
  "v1/PersistentVolumeClaim": "ConditionsObject",
  "v1/ComponentStatus": "ComponentStatus",
  "apps/v1/Deployment": "Deployment",
  "apps/v1/ReplicaSet": "ReplicaSet",
  "apps/v1/StatefulSet": "StatefulSet",
  "apps/v1/DaemonSet": "DaemonSet",
  "batch/v1/Job": "Job",
  "batch/v1/CronJob": "CronJob",
  "autoscaling/v1/HorizontalPodAutoscaler": "ConditionsObject",
  "autoscaling/v2/HorizontalPodAutoscaler": "ConditionsObject",
  "policy/v1/PodDisruptionBudget": "PodDisruptionBudget",
  "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration": "ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration": "MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy": "AdmissionPolicy",
  "admissionregistration.k8s.io/v1/MutatingAdmissionPolicy": "AdmissionPolicy",
  "storage.k8s.io/v1/CSINode": "CSINode",
  "flowcontrol.apiserver.k8s.io/v1/FlowSchema": "ConditionsObject",
  "flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration": "ConditionsObject",
  "resource.k8s.io/v1/ResourceClaim": "ResourceClaim",
};

/** The root type of a kind ("apps/v1/Deployment"), or undefined for custom resources and unknown kinds. */
export const rootTypeOf = (kindKey: string): string | undefined => KIND_ROOTS[kindKey];

/** Whether kube serves application/strategic-merge-patch+json for the kind: built-ins yes, custom resources no (415). */
export const supportsStrategicMerge = (kindKey: string): boolean => Object.prototype.hasOwnProperty.call(KIND_ROOTS, kindKey);

export function fieldMeta(table: PatchMetaTable, type: string | undefined, field: string): FieldMeta {
  const fields = type === undefined ? undefined : table[type];
  return (fields && Object.prototype.hasOwnProperty.call(fields, field) ? fields[field] : undefined) ?? {};
}
