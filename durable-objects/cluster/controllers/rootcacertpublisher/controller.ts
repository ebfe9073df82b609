// kube-controller-manager's root CA certificate publisher: every active namespace has the ConfigMap
// `kube-root-ca.crt` holding the cluster's CA bundle under `ca.crt` (what a pod's kube-api-access
// volume mounts), created when the namespace appears, put back when deleted, and set right again when
// someone changes its data or its description annotation.
import type { ApiContext } from "../../apiserver/context";
import { ROOT_CA_CONFIGMAP } from "../../apiserver/admission/service-account";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import type { Informer, InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";

export const DESCRIPTION_ANNOTATION = "kubernetes.io/description";
export const DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

export class RootCACertPublisher {
  private readonly namespaces: Informer;
  private readonly configMaps: Informer;
  private readonly cmRt: ResourceType;
  private readonly queue: WorkQueue;
  private readonly client: Client;

  /** `caBundle()`: the PEM the cluster's clients trust (auth/cluster-ca.ts). */
  constructor(api: ApiContext, timers: Timers, informers: InformerFactory, private readonly caBundle: () => Promise<string>) {
    this.cmRt = api.registry.resource("", "v1", "configmaps")!;
    this.namespaces = informers.for(api.registry.resource("", "v1", "namespaces")!);
    this.configMaps = informers.for(this.cmRt);
    this.client = new Client(api, "kube-controller-manager");
    this.queue = new WorkQueue(timers, api.clock, "root-ca-cert-publisher", (ns) => this.sync(ns), { retryOnError: isRetriable });
    this.namespaces.on({ add: (ns) => this.queue.add(String(metadataOf(ns).name)), update: (ns) => this.queue.add(String(metadataOf(ns).name)) });
    const watched = (cm: JsonObject) => {
      if (metadataOf(cm).name === ROOT_CA_CONFIGMAP) this.queue.add(String(metadataOf(cm).namespace));
    };
    this.configMaps.on({ update: watched, delete: watched });
  }

  resync(): void {
    for (const ns of this.namespaces.list()) {
      const name = String(metadataOf(ns).name);
      if (!this.configMaps.get(`${name}/${ROOT_CA_CONFIGMAP}`)) this.queue.add(name);
    }
  }

  private static upToDate(cm: JsonObject | undefined, bundle: string): boolean {
    if (!cm) return false;
    const data = (cm.data ?? {}) as Record<string, string>;
    const annotations = (metadataOf(cm).annotations ?? {}) as Record<string, string>;
    return Object.keys(data).length === 1 && data["ca.crt"] === bundle && annotations[DESCRIPTION_ANNOTATION] === DESCRIPTION;
  }

  async sync(namespace: string): Promise<void> {
    const ns = this.namespaces.get(namespace);
    if (!ns || metadataOf(ns).deletionTimestamp || ((ns.status ?? {}) as JsonObject).phase === "Terminating") return;
    const bundle = await this.caBundle();
    const current = this.configMaps.get(`${namespace}/${ROOT_CA_CONFIGMAP}`);
    if (RootCACertPublisher.upToDate(current, bundle)) return;
    try {
      if (!current) {
        this.client.create(this.cmRt, namespace, {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
          data: { "ca.crt": bundle },
        });
        return;
      }
      this.client.modify(this.cmRt, namespace, ROOT_CA_CONFIGMAP, (cm) => {
        cm.data = { "ca.crt": bundle };
        const meta = metadataOf(cm);
        meta.annotations = { ...((meta.annotations ?? {}) as Record<string, string>), [DESCRIPTION_ANNOTATION]: DESCRIPTION };
      });
    } catch (err) {
      if (err instanceof ApiError && (err.code === 409 || err.code === 403 || err.code === 404)) return; // raced, or the namespace began terminating
      throw err;
    }
  }
}
