// Which component an identity is, as the architecture view draws it.
import { describe, expect, it } from "vitest";
import { controllerUser, nodeUser } from "../identity";
import { componentOf } from "./feed";

describe("componentOf", () => {
  it("names controllers, the scheduler, kubelets and clients", () => {
    expect(componentOf(controllerUser("deployment-controller").username)).toBe("controller/deployment");
    expect(componentOf(controllerUser("replicaset-controller").username)).toBe("controller/replicaset");
    expect(componentOf(controllerUser("generic-garbage-collector").username)).toBe("controller/generic-garbage-collector");
    expect(componentOf(controllerUser("daemon-set-controller").username)).toBe("controller/daemon-set");
    expect(componentOf(controllerUser("job-controller").username)).toBe("controller/job");
    expect(componentOf(controllerUser("persistent-volume-binder").username)).toBe("controller/persistent-volume-binder");
    expect(componentOf("system:kube-scheduler")).toBe("scheduler");
    expect(componentOf(nodeUser("node-2").username)).toBe("kubelet/node-2");
    // The pod agent writes as system:node; the pod names its node.
    expect(componentOf("system:node", "node-3")).toBe("kubelet/node-3");
    expect(componentOf("system:node")).toBe("kubelet");
    expect(componentOf("system:apiserver")).toBe("apiserver");
  });

  it("counts users' service accounts in kube-system as clients, not controllers", () => {
    expect(componentOf("system:serviceaccount:kube-system:my-operator")).toBe("client");
    expect(componentOf("system:serviceaccount:default:deployment-controller")).toBe("client");
    expect(componentOf("kubedo:tenant-owner")).toBe("client");
  });
});
