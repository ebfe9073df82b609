// The Pod Security Standards' checks (k8s.io/pod-security-admission policy/check_*.go) at "latest":
// each inspects a pod's metadata and spec and either passes or says why not, in the library's words
// (`forbiddenReason` and `forbiddenDetail`). Baseline checks run first, then restricted ones, each set
// in the order of the checks' IDs; restricted replaces three baseline checks with stricter ones.
// Containers are visited init, regular, ephemeral; names are quoted and joined (`containers "a", "b"`).
import type { JsonObject } from "../../registry/types";
import { mapOf, objects, str } from "../../validation/values";

export type Level = "privileged" | "baseline" | "restricted";

export interface CheckResult {
  reason: string;
  detail: string;
}

interface Check {
  id: string;
  level: "baseline" | "restricted";
  /** Baseline checks a restricted check replaces. */
  overrides?: string;
  run(meta: JsonObject, spec: JsonObject): CheckResult | null;
}

const joinQuote = (items: string[]) => items.map((i) => JSON.stringify(i)).join(", ");
const pluralize = (one: string, many: string, n: number) => (n === 1 ? one : many);
const uniqSorted = (items: string[]) => [...new Set(items)].sort();

interface Container {
  name: string;
  c: JsonObject;
  sc: JsonObject;
}

function containers(spec: JsonObject): Container[] {
  return [...objects(spec.initContainers), ...objects(spec.containers), ...objects(spec.ephemeralContainers)].map((c) => ({ name: str(c.name), c, sc: mapOf(c.securityContext) }));
}

/** `container "a"` / `containers "a", "b"`. */
const containerPhrase = (names: string[]) => `${pluralize("container", "containers", names.length)} ${joinQuote(names)}`;

/** "pod", "container(s) …" and "annotation(s)" as setters, joined with " and ". */
function setters(pod: boolean, names: string[], extra: string[] = []): string {
  const parts: string[] = [];
  if (pod) parts.push("pod");
  if (names.length > 0) parts.push(containerPhrase(names));
  parts.push(...extra);
  return parts.join(" and ");
}

const isWindows = (spec: JsonObject) => str(mapOf(spec.os).name) === "windows";
const podSC = (spec: JsonObject) => mapOf(spec.securityContext);

const BASELINE_CAPABILITIES = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);
const ALLOWED_SYSCTLS = new Set([
  "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
]);
const SELINUX_TYPES = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);
const ALLOWED_VOLUMES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"]);
const VOLUME_TYPES = ["hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos"];
const APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

const appArmorProfile: Check = {
  id: "appArmorProfile",
  level: "baseline",
  run(meta, spec) {
    const ok = (t: string) => t === "" || t === "RuntimeDefault" || t === "Localhost";
    const badTypes: string[] = [];
    const pod = !ok(str(mapOf(podSC(spec).appArmorProfile).type));
    if (pod) badTypes.push(str(mapOf(podSC(spec).appArmorProfile).type));
    const names: string[] = [];
    for (const { name, sc } of containers(spec)) {
      const t = str(mapOf(sc.appArmorProfile).type);
      if (!ok(t)) {
        names.push(name);
        badTypes.push(t);
      }
    }
    const annotations = Object.entries((mapOf(meta.annotations) as Record<string, string>) ?? {})
      .filter(([k, v]) => k.startsWith(APPARMOR_ANNOTATION) && !(v === "" || v === "runtime/default" || v.startsWith("localhost/")))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    if (badTypes.length === 0 && annotations.length === 0) return null;
    const values = [...uniqSorted(badTypes), ...annotations.sort()];
    return {
      reason: pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", badTypes.length + annotations.length),
      detail: `${setters(pod, names, annotations.length > 0 ? [pluralize("annotation", "annotations", annotations.length)] : [])} must not set AppArmor profile type to ${joinQuote(values)}`,
    };
  },
};

const capabilitiesBaseline: Check = {
  id: "capabilities_baseline",
  level: "baseline",
  run(_meta, spec) {
    const names: string[] = [];
    const caps: string[] = [];
    for (const { name, sc } of containers(spec)) {
      const bad = ((mapOf(sc.capabilities).add as string[] | undefined) ?? []).filter((c) => !BASELINE_CAPABILITIES.has(c));
      if (bad.length > 0) {
        names.push(name);
        caps.push(...bad);
      }
    }
    return names.length === 0 ? null : { reason: "non-default capabilities", detail: `${containerPhrase(names)} must not include ${joinQuote(uniqSorted(caps))} in securityContext.capabilities.add` };
  },
};

const hostNamespaces: Check = {
  id: "hostNamespaces",
  level: "baseline",
  run(_meta, spec) {
    const set = (["hostNetwork", "hostPID", "hostIPC"] as const).filter((f) => spec[f] === true).map((f) => `${f}=true`);
    return set.length === 0 ? null : { reason: "host namespaces", detail: set.join(", ") };
  },
};

const hostPathVolumes: Check = {
  id: "hostPathVolumes",
  level: "baseline",
  run(_meta, spec) {
    const names = objects(spec.volumes).filter((v) => v.hostPath !== undefined).map((v) => str(v.name));
    return names.length === 0 ? null : { reason: "hostPath volumes", detail: `${pluralize("volume", "volumes", names.length)} ${joinQuote(names)}` };
  },
};

const hostPorts: Check = {
  id: "hostPorts",
  level: "baseline",
  run(_meta, spec) {
    const names: string[] = [];
    const ports: string[] = [];
    for (const { name, c } of containers(spec)) {
      const used = objects(c.ports).filter((p) => typeof p.hostPort === "number" && p.hostPort !== 0).map((p) => String(p.hostPort));
      if (used.length > 0) {
        names.push(name);
        ports.push(...used);
      }
    }
    if (names.length === 0) return null;
    const distinct = uniqSorted(ports);
    return { reason: "hostPort", detail: `${containerPhrase(names)} ${pluralize("uses", "use", names.length)} ${pluralize("hostPort", "hostPorts", distinct.length)} ${distinct.join(", ")}` };
  },
};

const privileged: Check = {
  id: "privileged",
  level: "baseline",
  run(_meta, spec) {
    const names = containers(spec).filter(({ sc }) => sc.privileged === true).map(({ name }) => name);
    return names.length === 0 ? null : { reason: "privileged", detail: `${containerPhrase(names)} must not set securityContext.privileged=true` };
  },
};

const procMount: Check = {
  id: "procMount",
  level: "baseline",
  run(_meta, spec) {
    const bad = containers(spec).filter(({ sc }) => sc.procMount !== undefined && sc.procMount !== "Default");
    if (bad.length === 0) return null;
    return { reason: "procMount", detail: `${containerPhrase(bad.map((b) => b.name))} must not set securityContext.procMount to ${joinQuote(uniqSorted(bad.map((b) => str(b.sc.procMount))))}` };
  },
};

const seLinuxOptions: Check = {
  id: "seLinuxOptions",
  level: "baseline",
  run(_meta, spec) {
    const types: string[] = [];
    let user = false;
    let role = false;
    const judge = (opts: JsonObject): boolean => {
      let bad = false;
      if (opts.type !== undefined && !SELINUX_TYPES.has(str(opts.type))) {
        types.push(str(opts.type));
        bad = true;
      }
      if (str(opts.user)) bad = user = true;
      if (str(opts.role)) bad = role = true;
      return bad;
    };
    const pod = judge(mapOf(podSC(spec).seLinuxOptions));
    const names = containers(spec).filter(({ sc }) => judge(mapOf(sc.seLinuxOptions))).map(({ name }) => name);
    if (!pod && names.length === 0) return null;
    const data: string[] = [];
    const t = uniqSorted(types);
    if (t.length > 0) data.push(`${pluralize("type", "types", t.length)} ${joinQuote(t)}`);
    if (user) data.push("user may not be set");
    if (role) data.push("role may not be set");
    return { reason: "seLinuxOptions", detail: `${setters(pod, names)} set forbidden securityContext.seLinuxOptions: ${data.join("; ")}` };
  },
};

const seccompType = (sc: JsonObject): string | undefined => (mapOf(sc.seccompProfile).type === undefined ? undefined : str(mapOf(sc.seccompProfile).type));

const seccompBaseline: Check = {
  id: "seccompProfile_baseline",
  level: "baseline",
  run(_meta, spec) {
    const bad = (t: string | undefined) => t !== undefined && t !== "RuntimeDefault" && t !== "Localhost";
    const values: string[] = [];
    const pod = bad(seccompType(podSC(spec)));
    if (pod) values.push(seccompType(podSC(spec))!);
    const names = containers(spec)
      .filter(({ sc }) => bad(seccompType(sc)))
      .map(({ name, sc }) => {
        values.push(seccompType(sc)!);
        return name;
      });
    if (!pod && names.length === 0) return null;
    return { reason: "seccompProfile", detail: `${setters(pod, names)} must not set securityContext.seccompProfile.type to ${joinQuote(uniqSorted(values))}` };
  },
};

const sysctls: Check = {
  id: "sysctls",
  level: "baseline",
  run(_meta, spec) {
    const bad = objects(podSC(spec).sysctls).map((s) => str(s.name)).filter((n) => !ALLOWED_SYSCTLS.has(n));
    return bad.length === 0 ? null : { reason: "forbidden sysctls", detail: bad.join(", ") };
  },
};

const windowsHostProcess: Check = {
  id: "windowsHostProcess",
  level: "baseline",
  run(_meta, spec) {
    const pod = mapOf(podSC(spec).windowsOptions).hostProcess === true;
    const names = containers(spec).filter(({ sc }) => mapOf(sc.windowsOptions).hostProcess === true).map(({ name }) => name);
    return !pod && names.length === 0 ? null : { reason: "hostProcess", detail: `${setters(pod, names)} must not set securityContext.windowsOptions.hostProcess=true` };
  },
};

const allowPrivilegeEscalation: Check = {
  id: "allowPrivilegeEscalation",
  level: "restricted",
  run(_meta, spec) {
    if (isWindows(spec)) return null;
    const names = containers(spec).filter(({ sc }) => sc.allowPrivilegeEscalation !== false).map(({ name }) => name);
    return names.length === 0 ? null : { reason: "allowPrivilegeEscalation != false", detail: `${containerPhrase(names)} must set securityContext.allowPrivilegeEscalation=false` };
  },
};

const capabilitiesRestricted: Check = {
  id: "capabilities_restricted",
  level: "restricted",
  overrides: "capabilities_baseline",
  run(_meta, spec) {
    if (isWindows(spec)) return null;
    const noDrop: string[] = [];
    const adding: string[] = [];
    const added: string[] = [];
    for (const { name, sc } of containers(spec)) {
      const caps = mapOf(sc.capabilities);
      if (!((caps.drop as string[] | undefined) ?? []).includes("ALL")) noDrop.push(name);
      const bad = ((caps.add as string[] | undefined) ?? []).filter((c) => c !== "NET_BIND_SERVICE");
      if (bad.length > 0) {
        adding.push(name);
        added.push(...bad);
      }
    }
    const details: string[] = [];
    if (noDrop.length > 0) details.push(`${containerPhrase(noDrop)} must set securityContext.capabilities.drop=["ALL"]`);
    if (adding.length > 0) details.push(`${containerPhrase(adding)} must not include ${joinQuote(uniqSorted(added))} in securityContext.capabilities.add`);
    return details.length === 0 ? null : { reason: "unrestricted capabilities", detail: details.join("; ") };
  },
};

function volumeType(v: JsonObject): string | null {
  for (const k of Object.keys(v)) if (ALLOWED_VOLUMES.has(k)) return null;
  return VOLUME_TYPES.find((t) => v[t] !== undefined) ?? "unknown";
}

const restrictedVolumes: Check = {
  id: "restrictedVolumes",
  level: "restricted",
  overrides: "hostPathVolumes",
  run(_meta, spec) {
    const bad = objects(spec.volumes)
      .map((v) => ({ name: str(v.name), type: volumeType(v) }))
      .filter((v): v is { name: string; type: string } => v.type !== null);
    if (bad.length === 0) return null;
    const types = uniqSorted(bad.map((b) => b.type));
    return {
      reason: "restricted volume types",
      detail: `${pluralize("volume", "volumes", bad.length)} ${joinQuote(bad.map((b) => b.name))} ${pluralize("uses", "use", bad.length)} ${pluralize("restricted volume type", "restricted volume types", types.length)} ${joinQuote(types)}`,
    };
  },
};

const runAsNonRoot: Check = {
  id: "runAsNonRoot",
  level: "restricted",
  run(_meta, spec) {
    const podValue = podSC(spec).runAsNonRoot;
    const podFalse = podValue === false;
    const explicitFalse = containers(spec).filter(({ sc }) => sc.runAsNonRoot === false).map(({ name }) => name);
    if (podFalse || explicitFalse.length > 0) return { reason: "runAsNonRoot != true", detail: `${setters(podFalse, explicitFalse)} must not set securityContext.runAsNonRoot=false` };
    const unset = podValue === true ? [] : containers(spec).filter(({ sc }) => sc.runAsNonRoot !== true).map(({ name }) => name);
    if (unset.length === 0) return null;
    return { reason: "runAsNonRoot != true", detail: `pod or ${containerPhrase(unset)} must set securityContext.runAsNonRoot=true` };
  },
};

const runAsUser: Check = {
  id: "runAsUser",
  level: "restricted",
  run(_meta, spec) {
    const pod = podSC(spec).runAsUser === 0;
    const names = containers(spec).filter(({ sc }) => sc.runAsUser === 0).map(({ name }) => name);
    return !pod && names.length === 0 ? null : { reason: "runAsUser=0", detail: `${setters(pod, names)} must not set runAsUser=0` };
  },
};

const seccompRestricted: Check = {
  id: "seccompProfile_restricted",
  level: "restricted",
  overrides: "seccompProfile_baseline",
  run(_meta, spec) {
    if (isWindows(spec)) return null;
    const good = (t: string | undefined) => t === "RuntimeDefault" || t === "Localhost";
    const podType = seccompType(podSC(spec));
    const values: string[] = [];
    const podBad = podType !== undefined && !good(podType);
    if (podBad) values.push(podType!);
    const badNames: string[] = [];
    const unsetNames: string[] = [];
    for (const { name, sc } of containers(spec)) {
      const t = seccompType(sc);
      if (t !== undefined && !good(t)) {
        badNames.push(name);
        values.push(t);
      } else if (t === undefined && !good(podType)) unsetNames.push(name);
    }
    if (podBad || badNames.length > 0) return { reason: "seccompProfile", detail: `${setters(podBad, badNames)} must not set securityContext.seccompProfile.type to ${joinQuote(uniqSorted(values))}` };
    if (unsetNames.length === 0) return null;
    return { reason: "seccompProfile", detail: `pod or ${containerPhrase(unsetNames)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"` };
  },
};

const BASELINE = [appArmorProfile, capabilitiesBaseline, hostNamespaces, hostPathVolumes, hostPorts, privileged, procMount, seLinuxOptions, seccompBaseline, sysctls, windowsHostProcess];
const RESTRICTED = [allowPrivilegeEscalation, capabilitiesRestricted, restrictedVolumes, runAsNonRoot, runAsUser, seccompRestricted];

/** The checks of a level, in the order the library runs and reports them. */
function checksFor(level: Level): Check[] {
  if (level === "privileged") return [];
  if (level === "baseline") return BASELINE;
  const overridden = new Set(RESTRICTED.map((c) => c.overrides).filter(Boolean));
  return [...BASELINE.filter((c) => !overridden.has(c.id)), ...RESTRICTED];
}

/** The failures of a pod (its metadata and spec) at `level`, in order. */
export function evaluatePod(level: Level, meta: JsonObject, spec: JsonObject): CheckResult[] {
  return checksFor(level)
    .map((c) => c.run(meta, spec))
    .filter((r): r is CheckResult => r !== null);
}

/** ForbiddenDetail: `reason (detail)` for each failure, joined with ", ". */
export const forbiddenDetail = (results: CheckResult[]) => results.map((r) => (r.detail ? `${r.reason} (${r.detail})` : r.reason || "unknown forbidden reason")).join(", ");
/** ForbiddenReason: the reasons alone. */
export const forbiddenReason = (results: CheckResult[]) => results.map((r) => r.reason || "unknown forbidden reason").join(", ");
