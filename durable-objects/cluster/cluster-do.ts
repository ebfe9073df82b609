// One Durable Object per cluster: the etcd (store), kube-apiserver, controllers and their timers.
// Wiring only; each part lives in its own folder.
import { DurableObject } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import migrations from "../../migrations/cluster/migrations.js";
import type { Env } from "../../worker/env";
import type { ApiContext } from "./apiserver/context";
import { createObject } from "./apiserver/handlers/create";
import { builtinTypes, Registry, storageKey } from "./apiserver/registry";
import type { JsonObject, ResourceType } from "./apiserver/registry/types";
import { namespaces } from "./apiserver/registry/core/namespaces";
import { ObjectLimits } from "./apiserver/admission/object-limits";
import { ApiServer, statusResponse } from "./apiserver/server";
import { errors } from "./apiserver/status";
import { WatchHub } from "./apiserver/watch/hub";
import { APIServiceController } from "./controllers/apiservice/controller";
import { EventTtl } from "./controllers/eventttl/controller";
import { InformerFactory } from "./controllers/runtime/informer";
import { startControllers } from "./controllers/registry";
import { clusterCA } from "./auth/cluster-ca";
import { SYSTEM_NAMESPACES, SystemNamespacesController } from "./controllers/systemnamespaces/controller";
import { KubernetesServiceController } from "./controllers/kubernetesservice/controller";
import { installDefaultIngressClass } from "./controllers/ingress/default-class";
import { Client } from "./controllers/runtime/client";
import { IngressStatusController } from "./controllers/ingress/status-controller";
import { answerIngress, type IngressRequest, type IngressResponse } from "./network/ingress/answer";
import { answerLoadBalancer, loadBalancerHostname, type LoadBalancerRequest } from "./network/load-balancer";
import { releaseOnCommit } from "./network/service-allocator";
import { NodeAgent } from "./kubelet/node-agent";
import { StaticPods } from "./kubelet/static-pods";
import { installAddons } from "./addons";
import { PodAgent } from "./kubelet/pod-agent";
import { KubeScheduler } from "./scheduler/kube-scheduler";
import { ClusterSettings } from "./settings";
import { AdminApi, isAdminPath } from "./admin";
import { OutboxFlusher } from "./audit/flusher";
import { mirrorChanges } from "./audit/mirror";
import { Outbox } from "./audit/outbox";
import { AuditRecorder } from "./audit/recorder";
import { ACTIVITY_TAG, ActivityFeed } from "./activity/feed";
import type { UserInfo } from "./apiserver/context";
import { authorizedMethod, parseRequestInfo, type RequestInfo } from "./apiserver/request-info";
import { ClusterAuthorizer, informerObjects } from "./auth/rbac";
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from "./auth/rbac/bootstrap-policy";
import { SYSTEM_CLASS_OBJECTS } from "./apiserver/admission/priority";
import { admit, type AdmissionRequest, validateAdmission } from "./apiserver/admission/chain";
import { API_AUDIENCES, ServiceAccountAuthenticator, ServiceAccountTokens } from "./auth/service-account-tokens";
import { CLUSTER_HEADER, controllerUser, decodeIdentity, IDENTITY_HEADER, SERVICE_ACCOUNT_TOKEN_HEADER } from "./identity";
import { Compactor } from "./store/compactor";
import { SecretsEncryption } from "./store/encryption";
import { Store } from "./store/store";
import { ClusterClock } from "./timers/clock";
import { Timers } from "./timers/timers";

export class ClusterDO extends DurableObject<Env> {
  clock!: ClusterClock;
  timers!: Timers;
  store!: Store;
  compactor!: Compactor;
  registry!: Registry;
  watches!: WatchHub;
  api!: ApiServer;
  tokens!: ServiceAccountTokens;
  authenticator!: ServiceAccountAuthenticator;
  settings!: ClusterSettings;
  informers!: InformerFactory;
  nodeAgent!: NodeAgent;
  scheduler!: KubeScheduler;
  kubelet!: PodAgent;
  admin!: AdminApi;
  limits!: ObjectLimits;
  outbox!: Outbox;
  outboxFlusher!: OutboxFlusher;
  audit!: AuditRecorder;
  activity!: ActivityFeed;
  kubernetesService!: KubernetesServiceController;
  /** The ingress controller's view of the API (it answers outside traffic for Ingresses). */
  private ingressNginx!: ApiContext;
  /** Load balancers' traffic is routed by kube-proxy, which reads the cluster as system:kube-proxy. */
  private kubeProxy!: ApiContext;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      await migrate(drizzle(ctx.storage), migrations);
      this.start();
    });
  }

  private start(): void {
    const sql = this.ctx.storage.sql;
    this.clock = new ClusterClock(sql);
    this.timers = new Timers(sql, this.ctx.storage, this.clock);
    this.store = new Store(sql, this.ctx.storage, () => this.clock.now(), SecretsEncryption.load(this.ctx.storage.kv, this.env.SECRETS_KEYS));
    this.compactor = new Compactor(this.store, this.timers, () => this.clock.now());
    this.registry = new Registry(builtinTypes);
    this.watches = new WatchHub(this.ctx, this.store, this.registry, this.clock);
    this.limits = new ObjectLimits(this.store);
    releaseOnCommit(this.store, this.registry.resource("", "v1", "services")!, this.registry.resource("networking.k8s.io", "v1", "ipaddresses")!);
    this.activity = new ActivityFeed(this.ctx, () => this.clock.now());
    this.tokens = new ServiceAccountTokens(this.ctx.storage.kv, () => this.clusterId());
    this.authenticator = new ServiceAccountAuthenticator(this.tokens, this.store, this.registry);
    // The kubelets are made below; the API server asks them through this (pods/log prints containers' env).
    const kubelet = { containerEnv: (pod: JsonObject, container: string) => this.kubelet?.containerEnv(pod, container) };
    const base = { store: this.store, registry: this.registry, clock: this.clock, limits: this.limits, activity: this.activity, tokens: this.authenticator, kubelet };
    this.api = new ApiServer(base, this.registry, this.watches, { kubernetesVersion: this.env.KUBERNETES_VERSION ?? "v1.33.0" }, this.tokens);
    this.settings = new ClusterSettings(sql);
    this.informers = new InformerFactory(this.store);
    this.api.authorizer = new ClusterAuthorizer(informerObjects(this.informers, this.registry));
    const as = (name: string) => ({ ...base, user: controllerUser(name) });
    // kube-apiserver's own loops (autoregistration, system namespaces) act as the API server itself.
    const apiserver = { ...base, user: { username: "system:apiserver", groups: ["system:masters"] } };
    const kubernetesVersion = this.env.KUBERNETES_VERSION ?? "v1.33.0";
    // The ingress controller runs as ingress-nginx's service account, as kind installs it.
    this.ingressNginx = {
      ...base,
      user: { username: "system:serviceaccount:ingress-nginx:ingress-nginx", groups: ["system:serviceaccounts", "system:serviceaccounts:ingress-nginx", "system:authenticated"] },
    };
    const ingressNginx = this.ingressNginx;
    this.kubeProxy = { ...base, user: { username: "system:kube-proxy", groups: ["system:authenticated"] } };
    // kube-apiserver's own loops, then kube-controller-manager's controllers (controllers/registry.ts),
    // the ingress controller, the scheduler and the kubelets: the order their informers' initial lists
    // are taken in.
    const apiserverLoops = [
      new SystemNamespacesController(apiserver, this.timers, this.informers),
      (this.kubernetesService = new KubernetesServiceController(apiserver, this.timers, this.informers)),
      new APIServiceController(apiserver, this.timers, this.informers),
      new EventTtl(this.store, this.timers, this.clock, this.informers, this.registry.resource("", "v1", "events")!),
    ];
    const managed = startControllers(
      {
        timers: this.timers,
        informers: this.informers,
        registry: this.registry,
        clusterCA: () => clusterCA(this.ctx.storage.kv, this.clock.now()),
        loadBalancerHostname: (namespace, name) => {
          const host = this.publicAddress().hostname;
          return host ? loadBalancerHostname(namespace, name, host) : undefined;
        },
      },
      as,
    );
    const controllers = [
      ...apiserverLoops,
      ...managed.values(),
      new IngressStatusController(ingressNginx, this.timers, this.informers, () => this.publicAddress()),
      (this.nodeAgent = new NodeAgent({ ...base, user: controllerUser("node-controller") }, this.timers, this.informers, kubernetesVersion)),
      (this.scheduler = new KubeScheduler({ ...base, user: { username: "system:kube-scheduler", groups: ["system:authenticated"] } }, this.timers, this.informers)),
      (this.kubelet = new PodAgent({ ...base, user: { username: "system:node", groups: ["system:nodes"] } }, this.timers, this.informers, this.settings)),
      new StaticPods({ ...base, user: { username: "system:node", groups: ["system:nodes"] } }, this.timers, this.informers, kubernetesVersion),
    ];
    this.outbox = new Outbox(sql, this.timers, this.clock);
    mirrorChanges(this.store, this.outbox);
    this.audit = new AuditRecorder(this.outbox, () => this.clock.now());
    this.outboxFlusher = new OutboxFlusher(this.outbox, this.timers, this.clock, () => this.env.DB, () => this.clusterId());
    this.admin = new AdminApi(this.clock, this.timers, this.settings, this.ctx.storage, this.activity);
    if (this.store.revision() === 0) this.bootstrap(apiserver);
    else this.store.txn(() => this.ensureBootstrapPolicy(apiserver));
    for (const c of controllers) c.resync();
  }

  /** A new cluster's first objects, written through the API like everything else. */
  private bootstrap(ctx: ApiContext): void {
    this.store.txn(() => {
      for (const name of SYSTEM_NAMESPACES) {
        createObject(ctx, { rt: namespaces, query: new URLSearchParams(), body: { apiVersion: "v1", kind: "Namespace", metadata: { name } } });
      }
      this.ensureBootstrapPolicy(ctx);
      this.kubernetesService.sync();
      this.nodeAgent.registerInitialNodes();
      // kubeadm's add-ons, applied with the admin credential kubeadm init writes.
      const kubeadm = { ...ctx, user: { username: "kubernetes-admin", groups: ["kubeadm:cluster-admins", "system:authenticated"] } };
      installAddons(new Client(kubeadm, "kubeadm"), this.registry, this.env.KUBERNETES_VERSION ?? "v1.33.0");
      // Installed once, as an add-on is: a user who deletes or edits it keeps their change.
      installDefaultIngressClass(new Client(ctx, "kubectl-client-side-apply"), this.registry.resource("networking.k8s.io", "v1", "ingressclasses")!);
    });
  }

  /**
   * kube-apiserver's RBAC bootstrap policy (default ClusterRoles and ClusterRoleBindings) and its system
   * PriorityClasses: created
   * with a new cluster, and on every start any that are missing (a cluster made before the policy
   * existed, or a default role someone deleted), as kube-apiserver reconciles it at start.
   */
  private ensureBootstrapPolicy(ctx: ApiContext): void {
    const sets = [
      ["rbac.authorization.k8s.io", "clusterroles", bootstrapClusterRoles()],
      ["rbac.authorization.k8s.io", "clusterrolebindings", bootstrapClusterRoleBindings()],
      // The scheduling post-start hook's system PriorityClasses.
      ["scheduling.k8s.io", "priorityclasses", SYSTEM_CLASS_OBJECTS],
    ] as const;
    for (const [group, plural, objects] of sets) {
      const rt = this.registry.resource(group, "v1", plural)!;
      for (const body of objects) {
        if (this.store.get(storageKey(rt, undefined, (body.metadata as { name: string }).name))) continue;
        createObject(ctx, { rt, query: new URLSearchParams(), body: structuredClone(body) });
      }
    }
  }

  override async fetch(request: Request): Promise<Response> {
    const started = Date.now();
    this.learnClusterId(request.headers.get(CLUSTER_HEADER));
    const { response, user } = await this.serve(request);
    // Parsed once for the audit record and the activity feed (the API server parses its own copy).
    const url = new URL(request.url);
    const info = isAdminPath(url.pathname) ? null : parseRequestInfo(authorizedMethod(request), url);
    this.noteRequest(info, response, user);
    return this.audit.record(request, url, info, response, user, this.clusterId() ?? "", started, { reads: this.settings.auditReads() });
  }

  private async serve(request: Request): Promise<{ response: Response; user: UserInfo | null }> {
    const identity = decodeIdentity(request.headers.get(IDENTITY_HEADER));
    // The management API's cluster operations: only the edge sends these, for the cluster's owner.
    if (isAdminPath(new URL(request.url).pathname)) {
      return { response: identity ? await this.admin.handle(request) : statusResponse(errors.unauthorized()), user: identity };
    }
    if (identity) return { response: await this.api.handle(request, identity), user: identity };
    // A bearer token that is not a tenant's: a service account token this cluster may have signed.
    const saToken = request.headers.get(SERVICE_ACCOUNT_TOKEN_HEADER);
    // Only tokens meant for this API server (its audience), of an account that still exists.
    const found = saToken ? this.authenticator.authenticate(saToken, this.clock.now(), API_AUDIENCES) : null;
    if (!found?.ok) return { response: statusResponse(errors.unauthorized()), user: null };
    const user = found.user;
    return { response: await this.api.handle(request, user), user };
  }

  /** The activity feed's entry for a client request that wrote nothing (writes are noted as they commit). */
  private noteRequest(info: RequestInfo | null, response: Response, user: UserInfo | null): void {
    if (info?.kind !== "resource") return;
    const writes = info.verb !== "get" && info.verb !== "list" && info.verb !== "watch";
    if (writes && response.status < 400) return;
    this.activity.requested(user?.username ?? null, info.verb, info.resource, info.namespace, info.name, response.status);
  }

  /** This cluster's registry id: the Durable Object's name, or what the edge says (kept for alarms). */
  clusterId(): string | undefined {
    return this.ctx.id.name ?? (this.ctx.storage.kv.get("cluster-id") as string | undefined);
  }

  private learnClusterId(id: string | null): void {
    if (id && !this.ctx.id.name && this.ctx.storage.kv.get("cluster-id") !== id) this.ctx.storage.kv.put("cluster-id", id);
  }

  /** Where the cluster's Ingresses are reached from outside: `<cluster>.<INGRESS_DOMAIN>` (worker/ingress). */
  private publicAddress(): { hostname?: string } {
    const id = this.clusterId();
    const domain = this.env.INGRESS_DOMAIN;
    return id && domain ? { hostname: `${id}.${domain}` } : {};
  }

  /** An outside HTTP request for this cluster's Ingresses (the edge calls this over RPC). */
  serveIngress(request: IngressRequest): IngressResponse {
    return answerIngress(this.ingressNginx, request);
  }

  /** An outside request for one of this cluster's LoadBalancer Services (the edge calls this over RPC). */
  serveLoadBalancer(request: LoadBalancerRequest): IngressResponse {
    return answerLoadBalancer(this.kubeProxy, request);
  }

  override async alarm(): Promise<void> {
    await this.timers.fireDue();
  }

  /**
   * Deletes the cluster's alarm and all its storage (the management API's delete and reset, and the
   * expiry cron, call this over RPC). The instance is then reset, so the next request starts over
   * and bootstraps a fresh cluster.
   */
  async wipe(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.ctx.abort("cluster wiped");
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    // Activity listeners only listen.
    if (this.ctx.getTags(ws).includes(ACTIVITY_TAG)) return;
    this.watches.message(ws, message);
  }

  override webSocketClose(ws: WebSocket, code: number, reason: string): void {
    this.watches.closed(ws);
    try {
      ws.close(code === 1005 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  override webSocketError(ws: WebSocket): void {
    this.watches.closed(ws);
  }

  // ---- BENCH HOOK, used only by `npm run bench` (bench/store.mjs) ----
  /**
   * Runs `n` store operations of one kind in this one call, on keys `${prefix}${i}` for i in
   * [from, from + n): create, update, get, or list(prefix, { limit }) repeated n times. `clockMs` is
   * performance.now() across the loop: 1 ms resolution under local workerd, frozen (0) in production.
   * Returns JSON text { revision, items, clockMs } (a plain string crosses Miniflare's Node proxy as is).
   */
  benchStore(op: "noop" | "create" | "update" | "get" | "list", prefix: string, from = 0, n = 1, value: Record<string, unknown> = {}, limit = 0): string {
    const t0 = performance.now();
    let items = 0;
    for (let i = from; i < from + n; i++) {
      if (op === "create") this.store.create(prefix + i, value);
      else if (op === "update") this.store.update(prefix + i, value);
      else if (op === "get") items += this.store.get(prefix + i) ? 1 : 0;
      else if (op === "list") items += this.store.list(prefix, { limit }).items.length;
    }
    return JSON.stringify({ revision: this.store.revision(), items, clockMs: performance.now() - t0 });
  }

  /**
   * The admission chain's cost per pod create (bench/admission.mjs): `n` dry-run creates of a pod, and
   * `n` runs of the chain alone on the same pod, in a namespace without policies and in one with a
   * LimitRange, a ResourceQuota and Pod Security labels (enforce baseline, warn restricted). Returns
   * JSON text { plain: { createMs, chainMs }, policed: { … }, n } (totals; 1 ms clock resolution).
   */
  async benchAdmission(n: number): Promise<string> {
    const ctx: ApiContext = { ...this.kubeProxy, user: { username: "bench", groups: ["system:masters"] } };
    const rt = (group: string, plural: string) => this.registry.resource(group, "v1", plural)!;
    const query = new URLSearchParams();
    const make = (r: ResourceType, namespace: string | undefined, body: JsonObject) => {
      if (!this.store.get(storageKey(r, namespace, String((body.metadata as JsonObject).name)))) createObject(ctx, { rt: r, ...(namespace ? { namespace } : {}), query, body });
    };
    const labels = { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted" };
    make(rt("", "namespaces"), undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "bench-plain" } });
    make(rt("", "namespaces"), undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "bench-policed", labels } });
    make(rt("", "limitranges"), "bench-policed", { apiVersion: "v1", kind: "LimitRange", metadata: { name: "lr" }, spec: { limits: [{ type: "Container", max: { cpu: "2" }, defaultRequest: { cpu: "100m", memory: "64Mi" } }] } });
    make(rt("", "resourcequotas"), "bench-policed", { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "100000", "requests.cpu": "10000", "count/configmaps": "100" } } });
    for (let i = 0; i < 5; i++) await this.timers.fireDue();
    const pods = rt("", "pods");
    const body = { apiVersion: "v1", kind: "Pod", metadata: { name: "bench" }, spec: { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] } };
    const dryRun = new URLSearchParams("dryRun=All");
    const measure = (namespace: string) => {
      let t0 = performance.now();
      for (let i = 0; i < n; i++) createObject(ctx, { rt: pods, namespace, query: dryRun, body: structuredClone(body) });
      const createMs = performance.now() - t0;
      t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const obj = structuredClone(body) as JsonObject;
        pods.defaults?.(obj);
        const req: AdmissionRequest = { ctx, rt: pods, operation: "CREATE", subresource: "", namespace, name: "bench", obj, dryRun: true, warnings: [], onCommit: [] };
        admit(req);
        validateAdmission(req);
      }
      return { createMs, chainMs: performance.now() - t0 };
    };
    return JSON.stringify({ n, plain: measure("bench-plain"), policed: measure("bench-policed") });
  }

  /** The scheduler's counters (bench/workloads.mjs): pods bound and wall-clock first/last bind times. Resets them. */
  benchSchedulerStats(): string {
    const stats = { ...this.scheduler.stats };
    Object.assign(this.scheduler.stats, { scheduled: 0, unschedulable: 0, firstMs: 0, lastMs: 0 });
    return JSON.stringify(stats);
  }
}
