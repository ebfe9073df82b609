// The registry: every resource type this cluster serves, looked up the ways requests need.
import { apiextensionsTypes } from "./apiextensions";
import { apiregistrationTypes } from "./apiregistration/apiservices";
import { appsTypes } from "./apps";
import { authenticationTypes } from "./authentication";
import { authorizationTypes } from "./authorization";
import { autoscalingTypes } from "./autoscaling";
import { batchTypes } from "./batch";
import { coordinationTypes } from "./coordination";
import { coreTypes } from "./core";
import { discoveryTypes } from "./discovery";
import { eventsTypes } from "./events";
import { networkingTypes } from "./networking";
import { policyTypes } from "./policy";
import { rbacTypes } from "./rbac";
import { schedulingTypes } from "./scheduling";
import { storageTypes } from "./storage";
import { apiVersionOf, type ResourceType } from "./types";

export class Registry {
  private readonly types: ResourceType[] = [];
  private readonly byResource = new Map<string, ResourceType>();
  private readonly byKind = new Map<string, ResourceType>();

  constructor(types: ResourceType[]) {
    for (const t of types) this.add(t);
  }

  add(rt: ResourceType): void {
    this.types.push(rt);
    this.byResource.set(`${apiVersionOf(rt)}/${rt.plural}`, rt);
    this.byKind.set(`${apiVersionOf(rt)}/${rt.kind}`, rt);
  }

  /** Replaces the types served from one CustomResourceDefinition (none: it stops being served). */
  setCustomTypes(crdName: string, types: ResourceType[]): void {
    for (let i = this.types.length - 1; i >= 0; i--) {
      const rt = this.types[i]!;
      if (rt.crd !== crdName) continue;
      this.types.splice(i, 1);
      this.byResource.delete(`${apiVersionOf(rt)}/${rt.plural}`);
      this.byKind.delete(`${apiVersionOf(rt)}/${rt.kind}`);
    }
    for (const rt of types) this.add(rt);
  }

  all(): readonly ResourceType[] {
    return this.types;
  }

  /** By group, version and plural resource name (as in a URL). */
  resource(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byResource.get(`${group ? `${group}/` : ""}${version}/${plural}`);
  }

  /** By apiVersion and kind (as in an object). */
  kind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /**
   * Where a type's objects are stored, as group, version and kind: itself, the type another version's
   * storage belongs to (autoscaling/v1 HPAs are stored as autoscaling/v2; events.k8s.io events as
   * core events), or a custom resource's storage version. Undefined for types never stored (reviews).
   */
  storageType(rt: ResourceType): { group: string; version: string; kind: string } | undefined {
    if (rt.review) return undefined;
    if (rt.crd) return { group: rt.group, version: rt.storageVersion ?? rt.version, kind: rt.kind };
    if (!rt.storedAs) return rt;
    const { group, plural } = rt.storedAs;
    return this.types.find((t) => t.group === group && t.plural === plural && !t.storedAs);
  }

  /** Group → versions served, preferred first, in registration order. */
  groups(): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const t of this.types) {
      const versions = groups.get(t.group) ?? [];
      if (!versions.includes(t.version)) versions.push(t.version);
      groups.set(t.group, versions);
    }
    return groups;
  }
}

/** The built-in types of every cluster. */
export const builtinTypes: ResourceType[] = [
  ...coreTypes,
  // The groups in kube-apiserver's priority order (the order of /apis; the aggregator's own group first).
  ...apiregistrationTypes,
  ...appsTypes,
  ...eventsTypes,
  ...authenticationTypes,
  ...authorizationTypes,
  ...autoscalingTypes,
  ...batchTypes,
  ...networkingTypes,
  ...policyTypes,
  ...rbacTypes,
  ...storageTypes,
  ...apiextensionsTypes,
  ...schedulingTypes,
  ...coordinationTypes,
  ...discoveryTypes,
];

/** Storage key of an object: /registry/<group|core>/<plural>/[<namespace>/]<name>. */
export function storageKey(rt: ResourceType, namespace: string | undefined, name: string): string {
  return `${storagePrefix(rt, namespace)}${name}`;
}

/** Prefix holding every object of a type (optionally one namespace's). */
export function storagePrefix(rt: ResourceType, namespace?: string): string {
  const where = rt.storedAs ?? rt;
  const base = `/registry/${where.group || "core"}/${where.plural}/`;
  return rt.namespaced && namespace ? `${base}${namespace}/` : base;
}
