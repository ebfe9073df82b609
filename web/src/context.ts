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
  /** Whether the session is the cluster owner's (the clock, settings and activity feed are the owner's); null until known. */
  owner: boolean | null;
  /** Who the session is (Kubernetes user name). */
  username: string;
}

export const ClusterContext = createContext<ClusterContextValue>({ cluster: "", clusterName: "", resources: [], namespace: "", setNamespace: () => undefined, owner: null, username: "" });

export const useCluster = () => useContext(ClusterContext);

/** URL of a resource list in the console. */
export const listHref = (cluster: string, r: { group: string; version: string; resource: string }) =>
  `/console/${cluster}/r/${r.group || "core"}/${r.version}/${r.resource}`;

/** URL of one object's page in the console ("-" stands for no namespace). */
export const objectHref = (cluster: string, r: { group: string; version: string; resource: string }, namespace: string | undefined, name: string) =>
  `/console/${cluster}/o/${r.group || "core"}/${r.version}/${r.resource}/${namespace || "-"}/${encodeURIComponent(name)}`;
