// Event expiry: kube-apiserver stores every Event with a one-hour etcd lease (--event-ttl), renewed
// by each write, so events vanish an hour after they last changed. Here one timer points at the
// earliest expiry; when it fires, expired events are removed from the store as a lease expiry would
// (no API delete, no finalizers) and the timer moves to the next expiry, or goes when none is left.
import { metadataOf } from "../../apiserver/objects";
import { storageKey } from "../../apiserver/registry";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import type { Store } from "../../store/store";
import type { ClusterClock } from "../../timers/clock";
import type { Timers } from "../../timers/timers";
import type { Informer, InformerFactory } from "../runtime/informer";

export const EVENT_TTL_MS = 60 * 60_000;
export const EVENT_TTL_TIMER = "event-ttl:expire";

/** When an event expires: an hour after its last write (the newest of its own timestamps). */
export function expiresAt(event: JsonObject): number {
  const series = (event.series ?? {}) as JsonObject;
  const times = [event.lastTimestamp, series.lastObservedTime, event.eventTime, metadataOf(event).creationTimestamp]
    .map((t) => (typeof t === "string" ? Date.parse(t) : NaN))
    .filter(Number.isFinite);
  return (times.length ? Math.max(...times) : 0) + EVENT_TTL_MS;
}

export class EventTtl {
  private readonly events: Informer;
  /** When the timer is known to be due (Infinity: not set), so most events cost no timer write. */
  private nextAt = Infinity;

  constructor(
    private readonly store: Store,
    private readonly timers: Timers,
    private readonly clock: ClusterClock,
    informers: InformerFactory,
    private readonly rt: ResourceType,
  ) {
    this.events = informers.for(rt);
    timers.on("event-ttl", () => this.expire());
    this.events.on({ add: (e) => this.schedule(expiresAt(e)), update: (e) => this.schedule(expiresAt(e)) });
  }

  resync(): void {
    const next = Math.min(...this.events.list().map(expiresAt));
    if (Number.isFinite(next)) this.schedule(next);
  }

  private schedule(at: number): void {
    if (at >= this.nextAt) return;
    this.nextAt = at;
    this.timers.schedule(EVENT_TTL_TIMER, at, {}, { keepEarlier: true });
  }

  expire(): void {
    const now = this.clock.now();
    let next = Infinity;
    this.store.txn(() => {
      for (const e of this.events.list()) {
        const at = expiresAt(e);
        if (at > now) next = Math.min(next, at);
        else {
          const meta = metadataOf(e);
          this.store.delete(storageKey(this.rt, meta.namespace as string, meta.name as string));
        }
      }
    });
    this.nextAt = next;
    if (Number.isFinite(next)) this.timers.schedule(EVENT_TTL_TIMER, next);
  }
}
