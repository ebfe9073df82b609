// What every dashboard view shares: the cluster, what it serves (discovery), and the namespace filter.
import { createContext, useContext } from "hono/jsx/dom";
import type { ResourceInfo } from "./api/kube";

export interface ClusterContextValue {
  cluster: string;
  clusterName: string;
  resources: ResourceInfo[];
  /** "" = all namespaces. */
  namespace: string;
  setNamespace(ns: string): void;
}

export const ClusterContext = createContext<ClusterContextValue>({ cluster: "", clusterName: "", resources: [], namespace: "", setNamespace: () => undefined });

export const useCluster = () => useContext(ClusterContext);

/** URL of a resource list in the console. */
export const listHref = (cluster: string, r: { group: string; version: string; resource: string }) =>
  `/console/${cluster}/r/${r.group || "core"}/${r.version}/${r.resource}`;

/** URL of one object's page in the console ("-" stands for no namespace). */
export const objectHref = (cluster: string, r: { group: string; version: string; resource: string }, namespace: string | undefined, name: string) =>
  `/console/${cluster}/o/${r.group || "core"}/${r.version}/${r.resource}/${namespace || "-"}/${encodeURIComponent(name)}`;
