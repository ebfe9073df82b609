// What every API handler gets: the cluster's store, registry and clock, and who is asking.
import type { UserAuthentication } from "../auth/service-account-tokens";
import type { ResolvedEnv } from "../kubelet/env-sources";
import type { Store } from "../store/store";
import type { ClusterClock } from "../timers/clock";
import type { Registry } from "./registry";
import type { JsonObject, ResourceType } from "./registry/types";

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
}

export interface ApiContext {
  store: Store;
  registry: Registry;
  clock: ClusterClock;
  user: UserInfo;
  /** Told of every committed write, with who made it (the console's architecture view). */
  activity?: ActivitySink;
  /** The cluster's service account token authenticator (TokenReview asks it). */
  tokens?: TokenAuthenticator;
  /** The simulated kubelets: what a container's environment was resolved to (pods/log prints it). */
  kubelet?: { containerEnv(pod: JsonObject, container: string): ResolvedEnv | undefined };
  /** The cluster's object limits, checked on every create. */
  limits?: { admitCreate(rt: ResourceType, namespace: string | undefined, name: string): void };
}

export interface TokenAuthenticator {
  authenticate(token: string, nowMs: number, audiences: readonly string[]): UserAuthentication;
}

export interface ActivitySink {
  wrote(user: UserInfo, verb: "create" | "update" | "delete", rt: ResourceType, obj: JsonObject): void;
}

/** One request against a resource type, after routing and body decoding. */
export interface ResourceRequest {
  rt: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  body?: Record<string, unknown>;
  /** The client's User-Agent: names the field manager when the request does not. */
  userAgent?: string;
}

/** A handler's answer before serialization. */
export interface ApiResult {
  code: number;
  body: unknown;
  headers?: Record<string, string>;
}
