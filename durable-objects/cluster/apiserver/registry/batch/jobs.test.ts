import { describe, expect, it } from "vitest";
import { UID, ago, causesOf, cells, created, schemaCausesOf, updated } from "../apps/test-helpers";
import { jobs } from "./jobs";

/** What `kubectl create job j --image=busybox -- echo hi` sends. */
const kubectlCreate = () => ({
  kind: "Job",
  apiVersion: "batch/v1",
  metadata: { name: "j", creationTimestamp: null },
  spec: {
    template: {
      metadata: { creationTimestamp: null },
      spec: { containers: [{ name: "j", image: "busybox", command: ["echo", "hi"], resources: {} }], restartPolicy: "Never" },
    },
  },
  status: {},
});

const generatedLabels = { "batch.kubernetes.io/controller-uid": UID, "batch.kubernetes.io/job-name": "j", "controller-uid": UID, "job-name": "j" };

describe("jobs", () => {
  it("defaults a kubectl create job body and generates the selector from the uid", () => {
    const obj = created(jobs, kubectlCreate());
    expect(obj.spec).toEqual({
      backoffLimit: 6,
      completionMode: "NonIndexed",
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: "TerminatingOrFailed",
      selector: { matchLabels: { "batch.kubernetes.io/controller-uid": UID } },
      suspend: false,
      template: {
        metadata: { creationTimestamp: null, labels: generatedLabels },
        spec: {
          containers: [
            {
              command: ["echo", "hi"],
              image: "busybox",
              imagePullPolicy: "Always",
              name: "j",
              resources: {},
              terminationMessagePath: "/dev/termination-log",
              terminationMessagePolicy: "File",
            },
          ],
          dnsPolicy: "ClusterFirst",
          restartPolicy: "Never",
          schedulerName: "default-scheduler",
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    });
    // SetDefaults_Job copies the template labels to the Job (a real cluster shows them from the first GET on).
    expect((obj.metadata as { labels: unknown }).labels).toEqual(generatedLabels);
    expect(obj.status).toEqual({});
    expect(causesOf(jobs, obj)).toEqual([]);
    expect(schemaCausesOf(jobs, obj)).toEqual([]);
  });

  it("prints a finished job: Complete 1/1 5s", () => {
    const obj = created(jobs, kubectlCreate());
    obj.status = {
      conditions: [
        { type: "SuccessCriteriaMet", status: "True" },
        { type: "Complete", status: "True" },
      ],
      startTime: ago(65_000),
      completionTime: ago(60_000),
      succeeded: 1,
    };
    expect(cells(jobs, obj)).toEqual({
      Name: "j",
      Status: "Complete",
      Completions: "1/1",
      Duration: "5s",
      Age: "60s",
      Containers: "j",
      Images: "busybox",
      Selector: `batch.kubernetes.io/controller-uid=${UID}`,
    });
    expect(jobs.selectableFields?.["status.successful"]?.(obj)).toBe("1");
  });

  it("prints a running parallel job and a suspended one", () => {
    const obj = created(jobs, kubectlCreate());
    Object.assign(obj.spec as object, { completions: undefined, parallelism: 3 });
    delete (obj.spec as Record<string, unknown>).completions;
    obj.status = { startTime: ago(30_000), active: 3 };
    expect(cells(jobs, obj)).toMatchObject({ Status: "Running", Completions: "0/1 of 3", Duration: "30s" });
    obj.status = { conditions: [{ type: "Suspended", status: "True" }] };
    expect(cells(jobs, obj)).toMatchObject({ Status: "Suspended", Duration: "" });
  });

  it("requires restartPolicy OnFailure or Never", () => {
    const body = kubectlCreate() as { spec: { template: { spec: Record<string, unknown> } } };
    delete body.spec.template.spec.restartPolicy;
    expect(causesOf(jobs, created(jobs, body as never))).toEqual(['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  });

  it("keeps the selector and the template immutable", () => {
    const old = created(jobs, kubectlCreate());
    const next = structuredClone(old) as { spec: { template: { spec: { containers: { image: string }[] } } } };
    next.spec.template.spec.containers[0]!.image = "busybox:1.36";
    expect(causesOf(jobs, updated(jobs, old, next as never), old)).toEqual(["spec.template: Invalid value: core.PodTemplateSpec{…}: field is immutable"]);
  });

  it("rejects a hand-written selector without manualSelector", () => {
    const body = kubectlCreate() as { spec: Record<string, unknown> };
    body.spec.selector = { matchLabels: { app: "x" } };
    (body.spec.template as { metadata: Record<string, unknown> }).metadata.labels = { app: "x" };
    expect(causesOf(jobs, created(jobs, body as never))).toContain(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x", "batch.kubernetes.io/controller-uid":"6f1c2a4e-0000-4000-8000-000000000001"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
    );
  });
});
