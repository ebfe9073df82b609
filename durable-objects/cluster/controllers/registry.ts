// The one place a controller is wired: for each entry of the manifest, how to start it. The cluster
// object starts them all, each acting as its own service account, in the manifest's order.
import type { ApiContext } from "../apiserver/context";
import type { Registry } from "../apiserver/registry";
import type { Timers } from "../timers/timers";
import { ClusterRoleAggregationController } from "./clusterroleaggregation/controller";
import { CrdController } from "./crd/controller";
import { DaemonSetController } from "./daemonset/controller";
import { DeploymentController } from "./deployment/controller";
import { EndpointsController } from "./endpoints/controller";
import { EndpointSliceController } from "./endpointslice/controller";
import { JobController } from "./job/controller";
import { TtlAfterFinishedController } from "./ttlafterfinished/controller";
import { StatefulSetController } from "./statefulset/controller";
import { CronJobController } from "./cronjob/controller";
import { DisruptionController } from "./disruption/controller";
import { NodeLifecycleController } from "./nodelifecycle/controller";
import { TaintEvictionController } from "./tainteviction/controller";
import { PodGarbageCollector } from "./podgc/controller";
import { GarbageCollector } from "./garbagecollector/controller";
import { CONTROLLER_MANIFEST, type ControllerName } from "./manifest";
import { NamespaceController } from "./namespace/controller";
import { PersistentVolumeController } from "./persistentvolume/controller";
import { replicaSetKind, ReplicaSetController, replicationControllerKind } from "./replicaset/controller";
import { ResourceQuotaController } from "./resourcequota/controller";
import { RootCACertPublisher } from "./rootcacertpublisher/controller";
import type { InformerFactory } from "./runtime/informer";
import { ServiceAccountController } from "./serviceaccount/controller";
import { ServiceLoadBalancerController } from "./servicelb/controller";
import { StorageProtectionController } from "./storageprotection/controller";

/** What the cluster gives a controller: the API as its identity, the timers, the shared informers. */
export interface ControllerDeps {
  api: ApiContext;
  timers: Timers;
  informers: InformerFactory;
  registry: Registry;
  /** The cluster's CA bundle (PEM), for kube-root-ca.crt. */
  clusterCA: () => Promise<string>;
  /** A LoadBalancer Service's public hostname, when the cluster has a public address. */
  loadBalancerHostname: (namespace: string, name: string) => string | undefined;
}

export interface Controller {
  /** The informers' initial list: queue whatever needs work (at start and after a restart). */
  resync(): void;
}

const FACTORIES: { readonly [K in ControllerName]: (d: ControllerDeps) => Controller } = {
  namespace: (d) => new NamespaceController(d.api, d.timers),
  apiextensions: (d) => new CrdController(d.api, d.timers),
  "generic-garbage-collector": (d) => new GarbageCollector(d.api, d.timers),
  "service-account": (d) => new ServiceAccountController(d.api, d.timers, d.informers),
  resourcequota: (d) => new ResourceQuotaController(d.api, d.timers, d.informers),
  "pvc-protection": (d) => new StorageProtectionController(d.api, d.timers, d.informers),
  "persistent-volume-binder": (d) => new PersistentVolumeController(d.api, d.timers, d.informers),
  "root-ca-cert-publisher": (d) => new RootCACertPublisher(d.api, d.timers, d.informers, d.clusterCA),
  "clusterrole-aggregation": (d) => new ClusterRoleAggregationController(d.api, d.timers, d.informers),
  deployment: (d) => new DeploymentController(d.api, d.timers, d.informers),
  "daemon-set": (d) => new DaemonSetController(d.api, d.timers, d.informers),
  statefulset: (d) => new StatefulSetController(d.api, d.timers, d.informers),
  job: (d) => new JobController(d.api, d.timers, d.informers),
  cronjob: (d) => new CronJobController(d.api, d.timers, d.informers),
  "ttl-after-finished": (d) => new TtlAfterFinishedController(d.api, d.timers, d.informers),
  disruption: (d) => new DisruptionController(d.api, d.timers, d.informers),
  service: (d) => new ServiceLoadBalancerController(d.api, d.timers, d.informers, d.loadBalancerHostname),
  replicaset: (d) => new ReplicaSetController(d.api, d.timers, d.informers, replicaSetKind(d.registry.resource("apps", "v1", "replicasets")!)),
  replication: (d) => new ReplicaSetController(d.api, d.timers, d.informers, replicationControllerKind(d.registry.resource("", "v1", "replicationcontrollers")!)),
  endpoint: (d) => new EndpointsController(d.api, d.timers, d.informers),
  endpointslice: (d) => new EndpointSliceController(d.api, d.timers, d.informers),
  node: (d) => new NodeLifecycleController(d.api, d.timers, d.informers),
  "taint-eviction": (d) => new TaintEvictionController(d.api, d.timers, d.informers),
  "pod-garbage-collector": (d) => new PodGarbageCollector(d.api, d.timers, d.informers),
};

/** Starts every controller of the manifest; `as` gives the API context of a service account. */
export function startControllers(deps: Omit<ControllerDeps, "api">, as: (identity: string) => ApiContext): Map<ControllerName, Controller> {
  const started = new Map<ControllerName, Controller>();
  for (const entry of CONTROLLER_MANIFEST) started.set(entry.name, FACTORIES[entry.name]({ ...deps, api: as(entry.identity) }));
  return started;
}
