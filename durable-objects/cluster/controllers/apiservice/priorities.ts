// The group and version priorities kube-apiserver registers its own APIServices with (its
// apiVersionPriorities table): they order /apis and the versions within a group. Group-versions of
// custom resources get 1000 and 100, as kube's CRD registration controller gives them. The
// aggregator's own group (apiregistration.k8s.io) has no APIService, as in kube.

export interface APIServicePriority {
  group: number;
  version: number;
}

const TABLE: Record<string, APIServicePriority> = {
  "/v1": { group: 18000, version: 1 },
  "apps/v1": { group: 17800, version: 15 },
  "events.k8s.io/v1": { group: 17750, version: 15 },
  "authentication.k8s.io/v1": { group: 17700, version: 15 },
  "authorization.k8s.io/v1": { group: 17600, version: 15 },
  "autoscaling/v1": { group: 17500, version: 15 },
  "autoscaling/v2": { group: 17500, version: 30 },
  "batch/v1": { group: 17400, version: 15 },
  "certificates.k8s.io/v1": { group: 17300, version: 15 },
  "networking.k8s.io/v1": { group: 17200, version: 15 },
  "policy/v1": { group: 17100, version: 15 },
  "rbac.authorization.k8s.io/v1": { group: 17000, version: 15 },
  "storage.k8s.io/v1": { group: 16800, version: 15 },
  "apiextensions.k8s.io/v1": { group: 16700, version: 15 },
  "admissionregistration.k8s.io/v1": { group: 16700, version: 15 },
  "scheduling.k8s.io/v1": { group: 16600, version: 15 },
  "coordination.k8s.io/v1": { group: 16500, version: 15 },
  "node.k8s.io/v1": { group: 16300, version: 15 },
  "discovery.k8s.io/v1": { group: 16200, version: 15 },
  "flowcontrol.apiserver.k8s.io/v1": { group: 16100, version: 21 },
};

export const CUSTOM_RESOURCE_PRIORITY: APIServicePriority = { group: 1000, version: 100 };

/** The priority of a built-in group-version, or undefined for one kube would not register. */
export function builtinPriority(group: string, version: string): APIServicePriority | undefined {
  return TABLE[`${group}/${version}`];
}
