// The /v1 management API as the console uses it: playground sessions, sign-in, the cluster list and
// each cluster's operations (clock, timing profile). Tokens reach the page only on explicit actions
// (showToken, kubeconfig).
import { request } from "./http";

export interface ClusterView {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  timingProfile?: string;
  server?: string;
  [k: string]: unknown;
}

/** A playground: no token here (the kubeconfig and "show my token" are the explicit ways to it). */
export interface PlaygroundSession {
  tenant: { id: string };
  cluster: { id: string; name: string; expiresAt: string };
}

export type SessionView =
  | { kind: "tenant"; tenant: { id: string; name: string; kind: string }; user: { username: string; groups: string[] }; expiresAt: string | null }
  | { kind: "serviceaccount"; cluster: { id: string }; user: { username: string; groups: string[] }; expiresAt: string | null };

export interface ClockState {
  now: string;
  offsetSeconds: number;
  pendingTimers: number;
  alarm: string | null;
  firedTimers?: number;
}

export const TIMING_PROFILES = ["instant", "fast", "realistic"] as const;

/** The page knows a session cookie exists (it is HttpOnly) from this companion cookie. */
export const hasSession = () => document.cookie.split("; ").includes("kubedo_has_session=1");

export const management = {
  createPlayground: () => request<PlaygroundSession>("POST", "/v1/playground"),
  playground: () => request<PlaygroundSession>("GET", "/v1/playground"),
  session: () => request<SessionView>("GET", "/v1/session"),
  signIn: (token: string, cluster?: string) => request<SessionView>("POST", "/v1/session", { body: cluster ? { token, cluster } : { token } }),
  signOut: () => request("DELETE", "/v1/session"),
  clusters: () => request<{ items: ClusterView[] }>("GET", "/v1/clusters"),
  cluster: (id: string) => request<ClusterView>("GET", `/v1/clusters/${encodeURIComponent(id)}`),
  createCluster: (name: string) => request<ClusterView>("POST", "/v1/clusters", { body: { name } }),
  deleteCluster: (id: string) => request("DELETE", `/v1/clusters/${encodeURIComponent(id)}`),
  resetCluster: (id: string) => request("POST", `/v1/clusters/${encodeURIComponent(id)}/reset`),
  /** "Show my token": the session's token, on explicit request only. */
  showToken: () => request<{ kind: "tenant" | "serviceaccount"; token: string }>("POST", "/v1/session/token"),
  /** The kubeconfig download (a link: the file goes to disk, not through script). */
  kubeconfigUrl: (id: string) => `/v1/clusters/${encodeURIComponent(id)}/kubeconfig`,
  kubeconfig: async (id: string) => {
    const res = await fetch(`/v1/clusters/${encodeURIComponent(id)}/kubeconfig`, { credentials: "same-origin" });
    if (!res.ok) throw new Error(`kubeconfig: ${res.status}`);
    return res.text();
  },
  clock: (id: string) => request<ClockState>("GET", `/v1/clusters/${encodeURIComponent(id)}/clock`),
  advanceClock: (id: string, seconds: number) => request<ClockState>("POST", `/v1/clusters/${encodeURIComponent(id)}/clock`, { body: { advanceSeconds: seconds } }),
  settings: (id: string) => request<{ timingProfile: string; auditReads: boolean }>("GET", `/v1/clusters/${encodeURIComponent(id)}/settings`),
  setProfile: (id: string, timingProfile: string) => request("PATCH", `/v1/clusters/${encodeURIComponent(id)}/settings`, { body: { timingProfile } }),
};
