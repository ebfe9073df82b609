import { describe, expect, it } from "vitest";
import { ago, causesOf, cells, created, schemaCausesOf } from "../apps/test-helpers";
import { cronjobs } from "./cronjobs";

/** What `kubectl create cronjob cj --image=busybox --schedule="*\/1 * * * *" -- echo hi` sends. */
const kubectlCreate = () => ({
  kind: "CronJob",
  apiVersion: "batch/v1",
  metadata: { name: "cj", creationTimestamp: null },
  spec: {
    schedule: "*/1 * * * *",
    jobTemplate: {
      metadata: { name: "cj", creationTimestamp: null },
      spec: {
        template: {
          metadata: { creationTimestamp: null },
          spec: { containers: [{ name: "cj", image: "busybox", command: ["echo", "hi"], resources: {} }], restartPolicy: "OnFailure" },
        },
      },
    },
  },
  status: {},
});

describe("cronjobs", () => {
  it("defaults the CronJob but not the Job fields of its template", () => {
    const obj = created(cronjobs, kubectlCreate());
    const spec = obj.spec as Record<string, unknown>;
    expect(spec).toMatchObject({ concurrencyPolicy: "Allow", failedJobsHistoryLimit: 1, schedule: "*/1 * * * *", successfulJobsHistoryLimit: 3, suspend: false });
    expect(Object.keys((spec.jobTemplate as { spec: object }).spec)).toEqual(["template"]);
    expect(causesOf(cronjobs, obj)).toEqual([]);
    expect(schemaCausesOf(cronjobs, obj)).toEqual([]);
  });

  it("prints SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE", () => {
    const obj = created(cronjobs, kubectlCreate());
    expect(cells(cronjobs, obj)).toMatchObject({ Schedule: "*/1 * * * *", Timezone: "<none>", Suspend: "False", Active: 0, "Last Schedule": "<none>" });
    (obj.spec as Record<string, unknown>).timeZone = "Europe/Paris";
    obj.status = { active: [{ name: "cj-1" }], lastScheduleTime: ago(20_000) };
    expect(cells(cronjobs, obj)).toMatchObject({ Timezone: "Europe/Paris", Active: 1, "Last Schedule": "20s", Containers: "cj", Images: "busybox", Selector: "<none>" });
    expect(cronjobs.columns.map((c) => c.name)).toEqual(["Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", "Containers", "Images", "Selector"]);
  });

  it("rejects schedules robfig/cron cannot parse, with its messages", () => {
    const withSchedule = (schedule: string, timeZone?: string) => {
      const body = kubectlCreate() as { spec: Record<string, unknown> };
      body.spec.schedule = schedule;
      if (timeZone !== undefined) body.spec.timeZone = timeZone;
      return causesOf(cronjobs, created(cronjobs, body as never));
    };
    expect(withSchedule("bad")).toEqual(['spec.schedule: Invalid value: "bad": expected exactly 5 fields, found 1: [bad]']);
    expect(withSchedule("61 * * * *")).toEqual(['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']);
    expect(withSchedule("0 0 * JAN-MAR mon,fri")).toEqual([]);
    expect(withSchedule("@hourly")).toEqual([]);
    expect(withSchedule("@every 1h30m")).toEqual([]);
    expect(withSchedule("@sometimes")).toEqual(['spec.schedule: Invalid value: "@sometimes": unrecognized descriptor: @sometimes']);
    expect(withSchedule("CRON_TZ=UTC 0 * * * *")).toEqual(['spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
    expect(withSchedule("0 * * * *", "Mars/Olympus")).toEqual(['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']);
  });

  it("limits names to 52 characters and forbids a template selector", () => {
    const body = kubectlCreate() as { metadata: { name: string }; spec: { jobTemplate: { spec: Record<string, unknown> } } };
    body.metadata.name = "c".repeat(53);
    body.spec.jobTemplate.spec.selector = { matchLabels: { a: "b" } };
    expect(causesOf(cronjobs, created(cronjobs, body as never))).toEqual([
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
      `metadata.name: Invalid value: "${"c".repeat(53)}": must be no more than 52 characters`,
    ]);
  });
});
