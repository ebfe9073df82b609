import { describe, expect, it } from "vitest";
import { ago, causesOf, cells, created, schemaCausesOf } from "../apps/test-helpers";
import { coreToEventsV1, eventsV1ToCore } from "./conversion";
import { eventsV1 } from "./events";

/** An event as client-go's events.k8s.io recorder sends it (the scheduler's "Scheduled"). */
const scheduled = () => ({
  apiVersion: "events.k8s.io/v1",
  kind: "Event",
  metadata: { name: "web-1.17f3a2b4c5d6e7f8", namespace: "default" },
  eventTime: "2025-06-01T11:59:50.123456Z",
  reportingController: "default-scheduler",
  reportingInstance: "default-scheduler-node-1",
  action: "Binding",
  reason: "Scheduled",
  regarding: { apiVersion: "v1", kind: "Pod", name: "web-1", namespace: "default", uid: "u1" },
  note: "Successfully assigned default/web-1 to node-1",
  type: "Normal",
});

describe("events.k8s.io events", () => {
  it("converts to the stored core form and back", () => {
    const core = eventsV1ToCore(scheduled());
    expect(core).toEqual({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "web-1.17f3a2b4c5d6e7f8", namespace: "default" },
      involvedObject: { apiVersion: "v1", kind: "Pod", name: "web-1", namespace: "default", uid: "u1" },
      message: "Successfully assigned default/web-1 to node-1",
      reportingComponent: "default-scheduler",
      reportingInstance: "default-scheduler-node-1",
      eventTime: "2025-06-01T11:59:50.123456Z",
      action: "Binding",
      reason: "Scheduled",
      type: "Normal",
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
    });
    expect(coreToEventsV1(core)).toEqual({ ...scheduled(), deprecatedSource: {}, deprecatedFirstTimestamp: null, deprecatedLastTimestamp: null });
  });

  it("shows a legacy core event with its deprecated fields", () => {
    const v1 = coreToEventsV1({
      metadata: { name: "x", namespace: "default" },
      involvedObject: { kind: "Pod", name: "p" },
      reason: "Pulled",
      message: "ok",
      source: { component: "kubelet", host: "node-1" },
      firstTimestamp: ago(120_000),
      lastTimestamp: ago(30_000),
      count: 3,
      type: "Normal",
      reportingComponent: "",
      reportingInstance: "",
    });
    expect(v1).toMatchObject({ deprecatedSource: { component: "kubelet", host: "node-1" }, deprecatedCount: 3, eventTime: null, note: "ok" });
    expect(v1).not.toHaveProperty("reportingController");
    expect(cells(eventsV1, v1)).toMatchObject({ "Last Seen": "30s", Type: "Normal", Reason: "Pulled", Object: "pod/p", Source: "kubelet, node-1", "First Seen": "2m", Count: 3 });
  });

  it("prints the same Table as core events", () => {
    const ev = created(eventsV1, scheduled());
    expect(cells(eventsV1, ev)).toMatchObject({ "Last Seen": "9s", Type: "Normal", Reason: "Scheduled", Object: "pod/web-1", Message: "Successfully assigned default/web-1 to node-1", Count: 1 });
    expect(causesOf(eventsV1, ev)).toEqual([]);
    expect(schemaCausesOf(eventsV1, ev)).toEqual([]);
    expect(eventsV1.selectableFields?.["regarding.name"]?.(ev)).toBe("web-1");
  });

  it("applies the strict events.k8s.io/v1 rules", () => {
    const body = scheduled() as Record<string, unknown>;
    delete body.eventTime;
    delete body.reportingController;
    body.type = "Info";
    body.deprecatedCount = 2;
    expect(causesOf(eventsV1, created(eventsV1, body as never))).toEqual([
      "eventTime: Required value",
      'type: Invalid value: "": has invalid value: Info',
      'count: Invalid value: "": needs to be unset',
    ]);
    const ev = created(eventsV1, scheduled());
    expect(causesOf(eventsV1, { ...ev, note: "changed" }, ev)).toEqual(['message: Invalid value: "changed": field is immutable']);
  });
});
