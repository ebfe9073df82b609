// The controllers kube-controller-manager runs in a Kubedo cluster, in the order they start: each with
// the name the console shows and the service account it acts as (kube's --use-service-account-credentials
// identities, in kube-system). Pure data, free of Workers types: the console's architecture view imports
// it. Adding a controller is one folder plus one line here and one in registry.ts (the compiler insists).

export interface ControllerManifestEntry {
  /** The component name in the activity feed and the console (`controller/<name>`). */
  readonly name: string;
  /** The service account the controller's writes are made as. */
  readonly identity: string;
}

export const CONTROLLER_MANIFEST = [
  { name: "namespace", identity: "namespace-controller" },
  { name: "apiextensions", identity: "apiextensions-controller" },
  { name: "generic-garbage-collector", identity: "generic-garbage-collector" },
  { name: "service-account", identity: "service-account-controller" },
  { name: "resourcequota", identity: "resourcequota-controller" },
  { name: "pvc-protection", identity: "pvc-protection-controller" },
  { name: "persistent-volume-binder", identity: "persistent-volume-binder" },
  { name: "root-ca-cert-publisher", identity: "root-ca-cert-publisher" },
  { name: "clusterrole-aggregation", identity: "clusterrole-aggregation-controller" },
  { name: "deployment", identity: "deployment-controller" },
  { name: "daemon-set", identity: "daemon-set-controller" },
  { name: "statefulset", identity: "statefulset-controller" },
  { name: "job", identity: "job-controller" },
  { name: "cronjob", identity: "cronjob-controller" },
  { name: "ttl-after-finished", identity: "ttl-after-finished-controller" },
  { name: "disruption", identity: "disruption-controller" },
  { name: "service", identity: "service-controller" },
  { name: "replicaset", identity: "replicaset-controller" },
  { name: "replication", identity: "replication-controller" },
  { name: "endpoint", identity: "endpoint-controller" },
  { name: "endpointslice", identity: "endpointslice-controller" },
  { name: "node", identity: "node-controller" },
  { name: "taint-eviction", identity: "taint-eviction-controller" },
  { name: "pod-garbage-collector", identity: "pod-garbage-collector" },
] as const satisfies readonly ControllerManifestEntry[];

export type ControllerName = (typeof CONTROLLER_MANIFEST)[number]["name"];

/** The console's component names, in start order. */
export const CONTROLLER_NAMES: readonly string[] = CONTROLLER_MANIFEST.map((c) => c.name);

/** The controller whose service account `identity` is, if any. */
export function controllerNamed(identity: string): ControllerManifestEntry | undefined {
  return CONTROLLER_MANIFEST.find((c) => c.identity === identity);
}
