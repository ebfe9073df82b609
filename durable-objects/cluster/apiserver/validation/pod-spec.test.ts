import { describe, expect, it } from "vitest";
import type { JsonObject } from "../registry/types";
import { validatePodSpec } from "./pod-spec";

const lines = (spec: JsonObject, path = "spec") => validatePodSpec(spec, path).map((c) => `${c.field}: ${c.message}`);
const base = (container: JsonObject = {}, spec: JsonObject = {}): JsonObject => ({
  containers: [{ name: "app", image: "nginx", ...container }],
  restartPolicy: "Always",
  dnsPolicy: "ClusterFirst",
  ...spec,
});

describe("validatePodSpec", () => {
  it("accepts a plain spec", () => {
    expect(lines(base())).toEqual([]);
  });

  it("requires containers, names and images, under the caller's path", () => {
    expect(lines({ containers: [], restartPolicy: "Always" }, "spec.template.spec")).toEqual(["spec.template.spec.containers: Required value"]);
    expect(lines({ containers: [{ name: "App_1", image: " nginx" }], restartPolicy: "Always" })).toEqual([
      "spec.containers[0].name: Invalid value: \"App_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    ]);
    expect(lines({ containers: [{ name: "a", image: "x" }], initContainers: [{ name: "a", image: "y" }], restartPolicy: "Always" })).toEqual([
      'spec.initContainers[0].name: Duplicate value: "a"',
    ]);
  });

  it("checks ports: number, name, protocol, duplicates", () => {
    const ports = [{ containerPort: 0 }, { containerPort: 80, name: "HTTP", protocol: "TCP" }, { containerPort: 81, name: "web", protocol: "TCP" }, { containerPort: 82, name: "web", protocol: "TCP", hostPort: 70000 }];
    expect(lines(base({ ports }))).toEqual([
      "spec.containers[0].ports[0].containerPort: Required value",
      "spec.containers[0].ports[0].protocol: Required value",
      'spec.containers[0].ports[1].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[1].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
      'spec.containers[0].ports[3].name: Duplicate value: "web"',
      "spec.containers[0].ports[3].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
    ]);
  });

  it("checks volumes and the mounts that refer to them", () => {
    const spec = base(
      { volumeMounts: [{ name: "data", mountPath: "/data" }, { name: "missing", mountPath: "/data" }] },
      { volumes: [{ name: "data", emptyDir: {} }, { name: "data", configMap: {} }, { name: "both", emptyDir: {}, hostPath: { path: "/x" } }] },
    );
    expect(lines(spec)).toEqual([
      'spec.volumes[1].name: Duplicate value: "data"',
      "spec.volumes[1].configMap.name: Required value",
      "spec.volumes[2].hostPath: Forbidden: may not specify more than 1 volume type",
      'spec.containers[0].volumeMounts[1].name: Not found: "missing"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
    ]);
  });

  it("checks resources: names, quantities, requests ≤ limits, extended resources equal", () => {
    const resources = {
      limits: { memory: "1Gi", "example.com/gpu": "1", foo: "1" },
      requests: { memory: "2Gi", cpu: "lots", "example.com/gpu": "2" },
    };
    expect(lines(base({ resources }))).toEqual([
      'spec.containers[0].resources.limits[foo]: Invalid value: "foo": must be a standard resource for containers',
      `spec.containers[0].resources.requests[cpu]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      'spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi',
      'spec.containers[0].resources.requests: Invalid value: "2": must be equal to example.com/gpu limit of 1',
    ]);
  });

  it("checks env names, probes and container restart policies", () => {
    const container = {
      env: [{ name: "" }, { name: "A=B", value: "x" }, { name: "OK", value: "1", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
      livenessProbe: { httpGet: { port: 8080 }, successThreshold: 2 },
      readinessProbe: {},
      restartPolicy: "Always",
    };
    expect(lines(base(container, { initContainers: [{ name: "init", image: "busybox", restartPolicy: "OnFailure", livenessProbe: { exec: { command: ["true"] } } }] }))).toEqual([
      "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers",
      "spec.containers[0].env[0].name: Required value",
      "spec.containers[0].env[1].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
      'spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
      "spec.containers[0].readinessProbe: Required value: must specify a handler type",
      'spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      "spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
    ]);
  });

  it("checks pod-level policies and names", () => {
    expect(lines(base({}, { restartPolicy: "", dnsPolicy: "None", activeDeadlineSeconds: 0, nodeName: "Node_1", hostname: "a.b" }))).toEqual([
      "spec.restartPolicy: Required value",
      "spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None",
      "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive",
      "spec.nodeName: Invalid value: \"Node_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "spec.hostname: Invalid value: \"a.b\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
});
