// An add-on: objects an installer (kubeadm) creates once when a cluster is set up.
import type { JsonObject } from "../apiserver/registry/types";

export interface Addon {
  /** For people: "CoreDNS", "kube-proxy". */
  name: string;
  /** The objects, in the order they are created; `kubernetesVersion` is the cluster's ("v1.33.0"). */
  objects(kubernetesVersion: string): JsonObject[];
}
