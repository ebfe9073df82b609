// Events, as client-go's recorder writes them: one core/v1 Event per occurrence, and repeats of the
// same (source, object, type, reason, message) folded into the first one by raising its count and
// lastTimestamp (the EventCorrelator's aggregation). events.k8s.io/v1 serves the same objects.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { apiVersionOf } from "../../apiserver/registry/types";
import { Client } from "./client";

export interface EventSource {
  /** e.g. "deployment-controller", "default-scheduler", "kubelet". */
  component: string;
  /** The node, for kubelet events. */
  host?: string;
}

export interface Involved {
  rt: ResourceType;
  obj: JsonObject;
  fieldPath?: string;
}

/** Repeats within this window are folded into one event, as the correlator's cache does. */
const AGGREGATE_WINDOW_MS = 10 * 60_000;

export class EventRecorder {
  /** aggregation key → the event that repeats fold into. */
  private readonly seen = new Map<string, { namespace: string; name: string; lastMs: number }>();
  private readonly client: Client;

  constructor(
    private readonly ctx: ApiContext,
    private readonly events: ResourceType,
  ) {
    this.client = new Client(ctx, "event-recorder");
  }

  record(source: EventSource, involved: Involved, type: "Normal" | "Warning", reason: string, message: string): void {
    const meta = metadataOf(involved.obj);
    const namespace = (meta.namespace as string | undefined) || "default";
    const ref: JsonObject = {
      kind: involved.rt.kind,
      namespace: meta.namespace,
      name: meta.name,
      uid: meta.uid,
      apiVersion: apiVersionOf(involved.rt),
      resourceVersion: meta.resourceVersion,
    };
    if (!meta.namespace) delete ref.namespace;
    if (involved.fieldPath) ref.fieldPath = involved.fieldPath;
    const now = this.ctx.clock.now();
    const stamp = this.ctx.clock.timestamp(now);
    const aggKey = [source.component, source.host ?? "", ref.kind, namespace, ref.name, ref.uid, ref.fieldPath ?? "", type, reason, message].join("\u0000");

    try {
      const prior = this.seen.get(aggKey);
      if (prior && now - prior.lastMs < AGGREGATE_WINDOW_MS) {
        const updated = this.client.modify(this.events, prior.namespace, prior.name, (ev) => {
          ev.count = ((ev.count as number | undefined) ?? 1) + 1;
          ev.lastTimestamp = stamp;
        });
        if (updated) {
          prior.lastMs = now;
          return;
        }
      }
      const name = `${String(meta.name)}.${eventSuffix(now)}`;
      this.client.create(this.events, namespace, {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name, namespace },
        involvedObject: ref,
        reason,
        message,
        source: source.host ? { component: source.component, host: source.host } : { component: source.component },
        firstTimestamp: stamp,
        lastTimestamp: stamp,
        count: 1,
        type,
        reportingComponent: source.component === "kubelet" ? "kubelet" : source.component,
        reportingInstance: source.host ?? "",
      });
      this.seen.set(aggKey, { namespace, name, lastMs: now });
      if (this.seen.size > 5_000) this.seen.delete(this.seen.keys().next().value!);
    } catch (err) {
      // Losing an event never fails the work that reported it (a terminating namespace refuses them).
      console.warn(`event ${reason} for ${String(meta.name)} not recorded: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

let sequence = 0;
/** client-go names events <object>.<unix nanos in hex>; the sequence keeps same-millisecond ones apart. */
function eventSuffix(ms: number): string {
  sequence = (sequence + 1) % 1_000_000;
  return (BigInt(ms) * 1_000_000n + BigInt(sequence)).toString(16);
}
