// The admission chain, as kube-apiserver runs its compiled-in plugins: every write of a main resource
// (create, update, patch; dry runs too) passes the mutating half of each plugin, in kube's order
// (AllOrderedPlugins), after defaulting and before the type's own validation, then the validating
// half of each, after validation and before storage. A plugin joins by one entry in PLUGINS.
//
//   defaults → admit (mutating, in order) → prepare + validate → validate (admission, in order) → store
import type { ApiContext } from "../context";
import type { JsonObject, ResourceType } from "../registry/types";
import { defaultIngressClassPlugin } from "./default-ingress-class";
import { defaultStorageClassPlugin } from "./default-storage-class";
import { storageProtectionPlugin } from "./storage-protection";
import { claimResizePlugin } from "./claim-resize";
import { defaultTolerationSecondsPlugin } from "./default-toleration-seconds";
import { limitRangerPlugin } from "./limit-ranger";
import { namespaceLifecyclePlugin } from "./namespace-lifecycle";
import { podSecurityPlugin } from "./pod-security/plugin";
import { priorityPlugin } from "./priority";
import { resourceQuotaPlugin } from "./resource-quota";
import { serviceAccountPlugin } from "./service-account";

export type Operation = "CREATE" | "UPDATE";

/** What a plugin is asked about one write (kube's admission.Attributes). */
export interface AdmissionRequest {
  ctx: ApiContext;
  rt: ResourceType;
  operation: Operation;
  /** "" for the main resource; "status", "ephemeralcontainers", … */
  subresource: string;
  namespace: string | undefined;
  name: string;
  /** The object being written; mutating plugins change it in place. */
  obj: JsonObject;
  /** The stored object, on an update. */
  old?: JsonObject;
  dryRun: boolean;
  /** Warnings for the response (PodSecurity's warn mode); a plugin appends. */
  warnings: string[];
  /**
   * Writes that must commit with the object or not at all (ResourceQuota's new status.used): run
   * inside the write's transaction, never on a dry run.
   */
  onCommit: Array<() => void>;
}

export interface AdmissionPlugin {
  /** kube's plugin name ("LimitRanger"), for errors and the README. */
  name: string;
  /** Mutating half: may change `req.obj`; throws an ApiError to refuse. */
  admit?(req: AdmissionRequest): void;
  /** Validating half: throws an ApiError to refuse; changes nothing. */
  validate?(req: AdmissionRequest): void;
}

/** kube-apiserver's default plugins that Kubedo runs, in kube's order. */
export const PLUGINS: readonly AdmissionPlugin[] = [
  namespaceLifecyclePlugin,
  limitRangerPlugin,
  serviceAccountPlugin,
  podSecurityPlugin,
  priorityPlugin,
  defaultTolerationSecondsPlugin,
  defaultStorageClassPlugin,
  storageProtectionPlugin,
  claimResizePlugin,
  defaultIngressClassPlugin,
  resourceQuotaPlugin,
];

/** The mutating half of the chain. */
export function admit(req: AdmissionRequest): void {
  for (const plugin of PLUGINS) plugin.admit?.(req);
}

/** The validating half of the chain. */
export function validateAdmission(req: AdmissionRequest): void {
  for (const plugin of PLUGINS) plugin.validate?.(req);
}

/** Whether a request is for `group`/`plural` (and the main resource unless `subresource` says). */
export const isResource = (req: AdmissionRequest, group: string, plural: string, subresource = ""): boolean =>
  req.rt.group === group && req.rt.plural === plural && req.subresource === subresource;
