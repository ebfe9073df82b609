// The Pod Security Standards' checks, against the library's own wording.
import { describe, expect, it } from "vitest";
import { evaluatePod, forbiddenDetail, forbiddenReason } from "./checks";
import { policyOf } from "./plugin";

const nginx = { containers: [{ name: "nginx", image: "nginx" }] };

describe("restricted", () => {
  it("a container with no securityContext fails four checks, in the library's order and words", () => {
    const failed = evaluatePod("restricted", {}, nginx);
    expect(forbiddenDetail(failed)).toBe(
      'allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    expect(forbiddenReason(failed)).toBe("allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile");
  });

  it("passes a pod that sets what it asks for, at pod and container level", () => {
    const spec = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      containers: [{ name: "app", image: "nginx", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } } }],
      volumes: [{ name: "cfg", configMap: { name: "x" } }, { name: "api", projected: { sources: [] } }],
    };
    expect(evaluatePod("restricted", {}, spec)).toEqual([]);
  });

  it("names every container, init ones first, and reports explicit bad values instead of missing ones", () => {
    const spec = {
      initContainers: [{ name: "init", image: "busybox", securityContext: { runAsNonRoot: false } }],
      containers: [{ name: "a", image: "x", securityContext: { runAsUser: 0, seccompProfile: { type: "Unconfined" } } }, { name: "b", image: "x" }],
      volumes: [{ name: "data", hostPath: { path: "/data" } }],
    };
    const detail = forbiddenDetail(evaluatePod("restricted", {}, spec));
    expect(detail).toContain('allowPrivilegeEscalation != false (containers "init", "a", "b" must set securityContext.allowPrivilegeEscalation=false)');
    expect(detail).toContain('restricted volume types (volume "data" uses restricted volume type "hostPath")');
    expect(detail).toContain('runAsNonRoot != true (container "init" must not set securityContext.runAsNonRoot=false)');
    expect(detail).toContain('runAsUser=0 (container "a" must not set runAsUser=0)');
    expect(detail).toContain('seccompProfile (container "a" must not set securityContext.seccompProfile.type to "Unconfined")');
  });
});

describe("baseline", () => {
  it("refuses privileged containers, host namespaces and ports, and added capabilities", () => {
    const spec = {
      hostNetwork: true,
      hostPID: true,
      containers: [
        { name: "a", image: "x", securityContext: { privileged: true, capabilities: { add: ["SYS_ADMIN", "NET_ADMIN", "CHOWN"] } }, ports: [{ containerPort: 80, hostPort: 8080 }] },
        { name: "b", image: "x", ports: [{ containerPort: 9, hostPort: 9 }, { containerPort: 10, hostPort: 10 }] },
      ],
    };
    expect(forbiddenDetail(evaluatePod("baseline", {}, spec))).toBe(
      'non-default capabilities (container "a" must not include "NET_ADMIN", "SYS_ADMIN" in securityContext.capabilities.add), ' +
        "host namespaces (hostNetwork=true, hostPID=true), " +
        'hostPort (containers "a", "b" use hostPorts 10, 8080, 9), ' +
        'privileged (container "a" must not set securityContext.privileged=true)',
    );
    // What restricted asks for more is not baseline's business.
    expect(evaluatePod("baseline", {}, nginx)).toEqual([]);
    expect(evaluatePod("privileged", {}, spec)).toEqual([]);
  });
});

describe("namespace labels", () => {
  it("reads levels and versions; warn follows a stricter enforce; invalid values are errors that fail closed for enforce", () => {
    expect(policyOf({ "pod-security.kubernetes.io/enforce": "restricted" })).toMatchObject({ enforce: { level: "restricted", version: "latest" }, warn: { level: "restricted" }, errors: [] });
    expect(policyOf({ "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/warn-version": "v1.33" })).toMatchObject({
      enforce: { level: "baseline" },
      warn: { level: "restricted", version: "v1.33" },
    });
    const bad = policyOf({ "pod-security.kubernetes.io/enforce": "strict", "pod-security.kubernetes.io/warn-version": "1.33" });
    expect(bad.enforce.level).toBe("restricted");
    expect(bad.errors.map((e) => `${e.field}: ${e.message}`)).toEqual([
      'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
      'metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "1.33": must be "latest" or "v1.x"',
    ]);
  });
});
