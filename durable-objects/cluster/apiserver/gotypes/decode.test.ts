// The Go decoders' words for a value that does not fit a kind's type. The encoding/json cases are what
// Go 1.19's encoding/json printed for the same shapes (structs named as in k8s.io/api, package "v1").
import { describe, expect, it } from "vitest";
import { goTypeString, jsonUnmarshalError, unstructuredConversionError } from "./decode";

const pod = (o: Record<string, unknown>) => jsonUnmarshalError("v1", "Pod", o);

describe("encoding/json", () => {
  it.each([
    [{ metadata: { labels: "invalid" } }, "json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string"],
    [{ metadata: { labels: { a: 5 } } }, "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"],
    [{ spec: { containers: [{ name: "a", image: 5 }] } }, "json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string"],
    [{ spec: { containers: [{ name: "a", ports: [{ containerPort: "80" }] }] } }, "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"],
    [{ spec: { containers: [{ name: "a", ports: [{ containerPort: 1.5 }] }] } }, "json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"],
    [{ spec: { containers: [{ name: "a", ports: [{ containerPort: 3000000000 }] }] } }, "json: cannot unmarshal number 3000000000 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"],
    [{ spec: { priority: "x" } }, "json: cannot unmarshal string into Go struct field PodSpec.spec.priority of type int32"],
    [{ spec: { containers: {} } }, "json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container"],
    [{ spec: { hostNetwork: "yes" } }, "json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool"],
    // The first mismatch in document order wins.
    [{ metadata: { name: 5 }, spec: { priority: "x" } }, "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string"],
    [{ spec: "x" }, "json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec"],
  ])("%j", (value, message) => {
    expect(pod(value)).toBe(message);
  });

  it("accepts what fits: nulls, unknown fields, any JSON in raw fields", () => {
    expect(pod({ metadata: { name: "a", labels: null, bogus: [1] }, spec: { containers: [{ name: "a", image: "nginx" }] } })).toBeNull();
    expect(jsonUnmarshalError("apps/v1", "ControllerRevision", { data: { anything: [1, "x"] }, revision: 1 })).toBeNull();
    expect(jsonUnmarshalError("example.com/v1", "Widget", { spec: "anything" })).toBeNull();
  });

  it("lets Time, IntOrString and Quantity answer in their own words", () => {
    expect(pod({ metadata: { creationTimestamp: 5 } })).toBe("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string");
    expect(jsonUnmarshalError("apps/v1", "Deployment", { spec: { strategy: { rollingUpdate: { maxSurge: {} } } } })).toBe(
      "json: cannot unmarshal object into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32",
    );
    expect(pod({ spec: { containers: [{ name: "a", resources: { limits: { cpu: "lots" } } }] } })).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expect(pod({ spec: { containers: [{ name: "a", resources: { limits: { cpu: 2, memory: "1Gi" } } }] } })).toBeNull();
  });
});

describe("the unstructured converter (strategic merge patch results)", () => {
  it.each([
    [{ metadata: { labels: "invalid" } }, "cannot restore map from string"],
    [{ metadata: { labels: 5 } }, "cannot restore map from int64"],
    [{ spec: { containers: "x" } }, "cannot restore slice from string"],
    [{ spec: "x" }, "cannot restore struct from: string"],
    [{ spec: { containers: [{ name: 5 }] } }, "cannot convert int64 to string"],
    [{ spec: { priority: "high" } }, "cannot convert string to int32"],
    [{ spec: { containers: [{ name: "a", ports: [{ containerPort: 1.5 }] }] } }, "cannot convert float64 to int32"],
  ])("%j", (value, message) => {
    expect(unstructuredConversionError("v1", "Pod", value)).toBe(message);
  });

  it("checks fields in Go order, not document order", () => {
    // ObjectMeta comes before PodSpec in the Pod struct.
    expect(unstructuredConversionError("v1", "Pod", { spec: "x", metadata: { labels: "y" } })).toBe("cannot restore map from string");
  });
});

describe("goTypeString", () => {
  it("prints model types as reflect does", () => {
    expect(goTypeString("core.v1.PodSpec")).toBe("v1.PodSpec");
    expect(goTypeString("[]core.v1.Container")).toBe("[]v1.Container");
    expect(goTypeString("map[]string")).toBe("map[string]string");
    expect(goTypeString("bytes")).toBe("[]uint8");
    expect(goTypeString("Quantity")).toBe("resource.Quantity");
  });
});
