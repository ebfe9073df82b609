// The cluster's activity feed: a live, watch-like stream of who did what, for the console's
// architecture view. Every write any component makes through the API handlers (a client's, a
// controller's, the scheduler's, a kubelet's) and every request a client sends from outside is one
// entry, naming the component that made it. Listeners are hibernatable WebSockets, so an open
// console costs nothing while the cluster is idle; with no listener, entries are dropped at once.
import type { ActivitySink, UserInfo } from "../apiserver/context";
import type { JsonObject, ResourceType } from "../apiserver/registry/types";
import { controllerNamed } from "../controllers/manifest";
import type { Activity } from "./activity";

export type { Activity } from "./activity";

export const ACTIVITY_TAG = "activity";
/** Listeners per cluster (each is a browser tab). */
const MAX_LISTENERS = 20;
/** Entries kept for one flush; a burst beyond it is summarised as `dropped`. */
const MAX_BATCH = 500;


/** The component a user is: the identities controllers, the scheduler and kubelets act under. */
export function componentOf(username: string, nodeName?: string): string {
  const account = /^system:serviceaccount:kube-system:(.+)$/.exec(username);
  const controller = account ? controllerNamed(account[1]!) : undefined;
  if (controller) return `controller/${controller.name}`;
  if (username === "system:kube-scheduler") return "scheduler";
  const node = /^system:node(?::(.+))?$/.exec(username);
  if (node) {
    const on = node[1] ?? nodeName;
    return on ? `kubelet/${on}` : "kubelet";
  }
  if (username === "system:apiserver") return "apiserver";
  return "client";
}

export class ActivityFeed implements ActivitySink {
  private pending: Activity[] = [];
  private dropped = 0;
  private scheduled = false;
  /**
   * Whether anyone listens: learnt at each flush, set by connect(). Unknown (null) after the object
   * wakes from hibernation, until the first flush. False makes every entry free: nothing is built.
   */
  private listening: boolean | null = null;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly now: () => number,
  ) {}

  /** A write by `user` that the store committed (`obj` as written). */
  wrote(user: UserInfo, verb: string, rt: ResourceType, obj: JsonObject): void {
    if (this.listening === false) return;
    const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string };
    // A kubelet writes as system:node; the pod it writes says which node's kubelet that is.
    const nodeName = rt.plural === "pods" ? ((obj.spec as { nodeName?: string } | undefined)?.nodeName ?? undefined) : undefined;
    const entry: Activity = { time: this.now(), component: componentOf(user.username, nodeName), user: user.username, verb, resource: rt.plural, name: meta.name ?? "", code: 200, stored: true };
    if (meta.namespace) entry.namespace = meta.namespace;
    this.add(entry);
  }

  /** A request from outside the cluster that wrote nothing: a read, or a refused write. */
  requested(user: string | null, verb: string, resource: string, namespace: string | undefined, name: string | undefined, code: number): void {
    if (this.listening === false) return;
    const entry: Activity = { time: this.now(), component: user ? componentOf(user) : "client", user: user ?? "system:anonymous", verb, resource, code, stored: code < 400 };
    if (namespace) entry.namespace = namespace;
    if (name) entry.name = name;
    this.add(entry);
  }

  /** Opens a listener: a WebSocket that receives JSON arrays of entries. */
  connect(): Response {
    if (this.ctx.getWebSockets(ACTIVITY_TAG).length >= MAX_LISTENERS) {
      return Response.json({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "TooManyRequests", message: `at most ${MAX_LISTENERS} activity listeners per cluster`, code: 429 }, { status: 429 });
    }
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1], [ACTIVITY_TAG]);
    this.listening = true;
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  private add(entry: Activity): void {
    if (this.pending.length < MAX_BATCH) this.pending.push(entry);
    else this.dropped++;
    if (this.scheduled) return;
    this.scheduled = true;
    // One flush per turn of the event loop: a controller's burst of writes goes out as one message.
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    const batch = this.pending;
    const dropped = this.dropped;
    this.pending = [];
    this.dropped = 0;
    this.scheduled = false;
    const sockets = this.ctx.getWebSockets(ACTIVITY_TAG);
    this.listening = sockets.length > 0;
    if (sockets.length === 0) return;
    const message = JSON.stringify(dropped ? { entries: batch, dropped } : { entries: batch });
    for (const ws of sockets) {
      try {
        ws.send(message);
      } catch {
        // closing
      }
    }
  }
}
