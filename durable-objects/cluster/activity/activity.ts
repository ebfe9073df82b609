// One entry of a cluster's activity feed, as the cluster sends it and the console's architecture
// view reads it, and the controllers it names (the console imports this file: keep it free of
// Workers types).
import { CONTROLLER_NAMES } from "../controllers/manifest";

/** The controllers that run inside the cluster, by the names the manifest gives them. */
export const CONTROLLERS: readonly string[] = CONTROLLER_NAMES;

export interface Activity {
  /** Cluster time, ms since the epoch. */
  time: number;
  /** Which part of the cluster acted: client, apiserver, controller/<name>, scheduler, kubelet/<node>, kubelet. */
  component: string;
  user: string;
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
  /** HTTP status: 2xx for writes that reached the store; 4xx for requests the API server refused. */
  code: number;
  /** Whether the request reached the store (a committed write, or a read served from it). */
  stored: boolean;
}
