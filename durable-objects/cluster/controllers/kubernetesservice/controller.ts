// kube-apiserver's own network objects: the default ServiceCIDR `kubernetes` (its
// --service-cluster-ip-range, Ready), the `kubernetes` Service in `default` at the range's first
// address, and that Service's Endpoints and EndpointSlice naming the API server's address. kube
// reconciles them every few seconds; here a start and their removal trigger it, so an idle cluster
// does nothing. A changed object is put back as the API server keeps it.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import { API_SERVER_ADDRESS, API_SERVER_PORT, KUBERNETES_SERVICE_IP, SERVICE_CIDR } from "../../network/service-ranges";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import type { Informer, InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";

const NAME = "kubernetes";
const NAMESPACE = "default";
const PORTS = [{ name: "https", port: API_SERVER_PORT, protocol: "TCP" }];

interface Kept {
  rt: ResourceType;
  informer: Informer;
  namespace?: string;
  /** The object as the API server writes it. */
  desired(): JsonObject;
}

export class KubernetesServiceController {
  private readonly kept: Kept[];
  private readonly client: Client;
  private readonly queue: WorkQueue;

  constructor(private readonly api: ApiContext, timers: Timers, informers: InformerFactory) {
    const rt = (group: string, plural: string) => api.registry.all().find((t) => t.group === group && t.plural === plural && !t.storedAs)!;
    const keep = (type: ResourceType, namespace: string | undefined, desired: () => JsonObject): Kept => ({
      rt: type,
      informer: informers.for(type),
      ...(namespace ? { namespace } : {}),
      desired,
    });
    this.kept = [
      keep(rt("networking.k8s.io", "servicecidrs"), undefined, () => this.serviceCIDR()),
      keep(rt("", "services"), NAMESPACE, kubernetesService),
      keep(rt("", "endpoints"), NAMESPACE, kubernetesEndpoints),
      keep(rt("discovery.k8s.io", "endpointslices"), NAMESPACE, kubernetesEndpointSlice),
    ];
    this.client = new Client(api, "kube-apiserver");
    this.queue = new WorkQueue(timers, api.clock, "kubernetes-service", () => this.sync(), { retryOnError: isRetriable });
    for (const k of this.kept) {
      k.informer.on({
        delete: (obj) => {
          if (metadataOf(obj).name === NAME) this.queue.add(NAME);
        },
      });
    }
  }

  resync(): void {
    if (this.kept.some((k) => !k.informer.get(k.namespace ? `${k.namespace}/${NAME}` : NAME))) this.queue.add(NAME);
  }

  /** Creates whichever of the four is missing, in order (the Service needs its range first). */
  sync(): void {
    for (const k of this.kept) {
      if (k.informer.get(k.namespace ? `${k.namespace}/${NAME}` : NAME)) continue;
      try {
        // The default namespace may be in the middle of coming back; the namespace's creation resyncs this.
        this.client.create(k.rt, k.namespace, k.desired(), { keepStatus: true });
      } catch (err) {
        if (err instanceof ApiError && (err.code === 409 || err.code === 404)) continue;
        throw err;
      }
    }
  }

  private serviceCIDR(): JsonObject {
    return {
      apiVersion: "networking.k8s.io/v1",
      kind: "ServiceCIDR",
      metadata: { name: NAME, finalizers: ["networking.k8s.io/service-cidr-finalizer"] },
      spec: { cidrs: [SERVICE_CIDR] },
      status: {
        conditions: [{ type: "Ready", status: "True", lastTransitionTime: this.api.clock.timestamp(), reason: "", message: "Kubernetes default Service CIDR is ready" }],
      },
    };
  }
}

function kubernetesService(): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: NAME, namespace: NAMESPACE, labels: { component: "apiserver", provider: "kubernetes" } },
    spec: {
      type: "ClusterIP",
      clusterIP: KUBERNETES_SERVICE_IP,
      sessionAffinity: "None",
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: API_SERVER_PORT }],
    },
  };
}

function kubernetesEndpoints(): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: NAME, namespace: NAMESPACE, labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
    subsets: [{ addresses: [{ ip: API_SERVER_ADDRESS }], ports: PORTS }],
  };
}

function kubernetesEndpointSlice(): JsonObject {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: NAME, namespace: NAMESPACE, labels: { "kubernetes.io/service-name": NAME } },
    addressType: "IPv4",
    endpoints: [{ addresses: [API_SERVER_ADDRESS], conditions: { ready: true } }],
    ports: PORTS,
  };
}
