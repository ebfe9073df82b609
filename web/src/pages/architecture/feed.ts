// The architecture view's live state: the cluster's activity feed (a WebSocket the cluster pushes
// every committed write and every client request into; no polling), counted per component, with
// which lamps are lit right now and the last 100 entries for the log. A burst of entries renders
// once per animation frame; a lamp goes out LIT_MS after its last entry (one timer, not a loop).
import { CONTROLLERS, type Activity } from "../../../../durable-objects/cluster/activity/activity";
import { socketUrl } from "../../api/http";

export type { Activity } from "../../../../durable-objects/cluster/activity/activity";

export interface LogLine {
  seq: number;
  time: string;
  text: string;
  refused: boolean;
  component: string;
}

/** One pulse to draw: from a component to the API server, and on to etcd if the request was stored. */
export interface Pulse {
  component: string;
  stored: boolean;
  refused: boolean;
}

/** The controllers kube-controller-manager runs in Kubedo: the cluster's own list. */
export { CONTROLLERS } from "../../../../durable-objects/cluster/activity/activity";
export const LIT_MS = 1500;
/** How long a pulse takes to reach the API server, then etcd; the lamps there light on arrival. */
export const TO_APISERVER_MS = 450;
export const TO_ETCD_MS = 300;
const LOG_SIZE = 100;
const MAX_BACKOFF_MS = 30_000;

export const reducedMotion = () => typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;

const pad = (n: number) => String(n).padStart(2, "0");
const clock = (ms: number) => {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

/** "deployment controller", "kubelet node-1", … as the log names a component. */
export function componentLabel(component: string): string {
  if (component === "apiserver") return "kube-apiserver";
  if (component.startsWith("controller/")) return `${component.slice(11)} controller`;
  if (component.startsWith("kubelet/")) return `kubelet ${component.slice(8)}`;
  return component;
}

function describe(a: Activity): string {
  const target = a.namespace && a.name ? `${a.namespace}/${a.name}` : a.name ? a.name : a.namespace ? `in ${a.namespace}` : "";
  return `${componentLabel(a.component)} · ${a.verb} ${a.resource}${target ? " " + target : ""} · ${a.code}`;
}

export class ActivityStore {
  readonly counts = new Map<string, number>();
  /** performance.now() until which each component's lamp stays lit ("apiserver!refused" for refusals). */
  private readonly litUntil = new Map<string, number>();
  /** Bumped on each lighting, so a lit lamp can restart its flash animation. */
  readonly beats = new Map<string, number>();
  /** Controllers the feed named that the map does not list yet. */
  readonly extraControllers: string[] = [];
  log: LogLine[] = [];
  seq = 0;
  version = 0;
  private readonly listeners = new Set<() => void>();
  private readonly pulseListeners = new Set<(pulses: Pulse[]) => void>();
  private frame = 0;
  private expiry: ReturnType<typeof setTimeout> | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onPulses(fn: (pulses: Pulse[]) => void): () => void {
    this.pulseListeners.add(fn);
    return () => this.pulseListeners.delete(fn);
  }

  isLit(id: string): boolean {
    return (this.litUntil.get(id) ?? 0) > performance.now();
  }

  count(id: string): number {
    return this.counts.get(id) ?? 0;
  }

  /** One message from the feed. */
  add(entries: Activity[], dropped: number): void {
    const sources = new Set<string>();
    let stored = false;
    let refused = false;
    const pulses = new Map<string, Pulse>();
    for (const a of entries) {
      const component = a.component || "client";
      const wasRefused = a.code >= 400;
      this.bump(component);
      if (component !== "apiserver") this.bump("apiserver");
      if (a.stored) this.bump("etcd");
      const name = /^controller\/(.+)$/.exec(component)?.[1];
      if (name && !CONTROLLERS.includes(name) && !this.extraControllers.includes(name)) this.extraControllers.push(name);
      sources.add(component);
      stored ||= a.stored;
      refused ||= wasRefused;
      pulses.set(`${component}|${a.stored}|${wasRefused}`, { component, stored: a.stored, refused: wasRefused });
      const line: LogLine = { seq: ++this.seq, time: clock(a.time), text: describe(a), refused: wasRefused, component };
      this.log.unshift(line);
    }
    if (dropped > 0) this.log.unshift({ seq: ++this.seq, time: "", text: `… and ${dropped} more entries in that burst (not shown)`, refused: false, component: "" });
    if (this.log.length > LOG_SIZE) this.log.length = LOG_SIZE;

    // The path: the sources light now, the API server when the pulse arrives, then etcd.
    const motion = !reducedMotion();
    this.light([...sources]);
    const atApi = [...(sources.has("apiserver") ? [] : ["apiserver"]), ...(refused ? ["apiserver!refused"] : [])];
    this.later(motion ? TO_APISERVER_MS : 0, atApi);
    if (stored) this.later(motion ? TO_APISERVER_MS + TO_ETCD_MS : 0, ["etcd"]);
    if (motion) for (const fn of this.pulseListeners) fn([...pulses.values()]);
    this.changed();
  }

  /** Stops the timers (the view is gone). */
  close(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.expiry);
    for (const t of this.timers) clearTimeout(t);
    this.listeners.clear();
    this.pulseListeners.clear();
  }

  private bump(id: string): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }

  private light(ids: string[]): void {
    const until = performance.now() + LIT_MS;
    for (const id of ids) {
      this.litUntil.set(id, until);
      this.beats.set(id, (this.beats.get(id) ?? 0) + 1);
    }
  }

  private later(ms: number, ids: string[]): void {
    if (ids.length === 0) return;
    if (ms === 0) return this.light(ids);
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.light(ids);
      this.changed();
    }, ms);
    this.timers.add(t);
  }

  /** Re-render on the next frame, and again when the next lit lamp should go out. */
  private changed(): void {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.version++;
        for (const fn of this.listeners) fn();
      });
    }
    const now = performance.now();
    const next = Math.min(...[...this.litUntil.values()].filter((t) => t > now));
    clearTimeout(this.expiry);
    if (Number.isFinite(next)) this.expiry = setTimeout(() => this.changed(), next - now + 20);
  }
}

export type FeedState = "connecting" | "live" | "retrying" | "denied";

/**
 * Keeps a WebSocket to the cluster's activity feed open, reconnecting with back-off. A socket that
 * never opened may have been refused (the feed is for the cluster's owner): one plain GET tells,
 * since the owner gets 400 (not an upgrade) and anyone else 401 or 404.
 */
export function connectFeed(cluster: string, store: ActivityStore, onState: (s: FeedState) => void): () => void {
  const path = `/v1/clusters/${encodeURIComponent(cluster)}/activity`;
  let socket: WebSocket | null = null;
  let stopped = false;
  let backoff = 1000;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let probed = false;

  const open = () => {
    const ws = new WebSocket(socketUrl(path));
    let opened = false;
    socket = ws;
    onState("connecting");
    ws.onopen = () => {
      opened = true;
      backoff = 1000;
      onState("live");
    };
    ws.onmessage = (m) => {
      try {
        const msg = JSON.parse(m.data as string) as { entries?: Activity[]; dropped?: number } | Activity[];
        if (Array.isArray(msg)) store.add(msg, 0);
        else store.add(msg.entries ?? [], msg.dropped ?? 0);
      } catch {
        // not JSON: ignore the message
      }
    };
    ws.onerror = () => undefined;
    ws.onclose = async () => {
      if (stopped || socket !== ws) return;
      if (!opened && !probed) {
        probed = true;
        const res = await fetch(path, { credentials: "same-origin" }).catch(() => null);
        if (stopped) return;
        if (res && [401, 403, 404].includes(res.status)) return onState("denied");
      }
      onState("retrying");
      retry = setTimeout(open, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    };
  };

  open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    socket?.close();
  };
}
