import { describe, expect, it } from "vitest";
import { createPodTemplate, podForNode, replaceNodeNameAffinity, targetNodeName } from "./template";
import { ds } from "./testing";

describe("daemon pod template", () => {
  it("adds the revision labels and daemon tolerations, replacing a matching toleration with a tolerationSeconds", () => {
    const template = createPodTemplate(
      { metadata: { labels: { app: "a" } }, spec: { tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 }] } },
      3,
      "abc",
    );
    expect((template.metadata as any).labels).toEqual({ app: "a", "pod-template-generation": "3", "controller-revision-hash": "abc" });
    const tolerations = (template.spec as any).tolerations;
    expect(tolerations[0]).toEqual({ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" });
    expect(tolerations.map((t: any) => t.key)).toEqual([
      "node.kubernetes.io/unreachable",
      "node.kubernetes.io/not-ready",
      "node.kubernetes.io/disk-pressure",
      "node.kubernetes.io/memory-pressure",
      "node.kubernetes.io/pid-pressure",
      "node.kubernetes.io/unschedulable",
    ]);
  });

  it("pins the pod to its node with one matchFields term, as kube replaces the required terms", () => {
    const spec: any = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }] } }, podAffinity: {} } };
    replaceNodeNameAffinity(spec, "n2");
    expect(spec.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n2"] }] }] } },
      podAffinity: {},
    });
    const pod = podForNode(createPodTemplate(ds().spec ? ((ds().spec as any).template as any) : {}, 1, "h"), ds(), { kind: "DaemonSet", name: "agent", uid: "ds-uid", controller: true }, "n3");
    expect((pod.metadata as any).generateName).toBe("agent-");
    expect(targetNodeName(pod)).toBe("n3");
    expect(targetNodeName({ spec: { nodeName: "n1", affinity: (pod.spec as any).affinity } })).toBe("n1");
    expect(targetNodeName({ spec: {} })).toBeUndefined();
  });
});
