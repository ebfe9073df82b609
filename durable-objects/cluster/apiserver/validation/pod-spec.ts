// ValidatePodSpec of pkg/apis/core/validation, the parts a user meets: containers, ports, env,
// volumes and their mounts, resources, probes, policies. Shared by Pods and every pod template.
import type { JsonObject } from "../registry/types";
import type { StatusCause } from "../status";
import { fieldErr, inclusiveRange } from "./field-errors";
import { dns1123Label, dns1123Subdomain } from "./names";
import { validatePortName, validatePortNum, validatePortNumOrName, validateProtocol } from "./ports";
import { parseQuantity, QUANTITY_FORMAT_ERROR } from "./quantity";
import { isObject, list } from "./values";

const str = (v: unknown): string => (typeof v === "string" ? v : "");

const RESTART_POLICIES = ["Always", "OnFailure", "Never"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];
const TERMINATION_MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"];
const PROBE_HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"];

/** Volume sources whose reference field is required. */
const VOLUME_REFERENCES: Record<string, string> = {
  configMap: "name",
  secret: "secretName",
  persistentVolumeClaim: "claimName",
  hostPath: "path",
  nfs: "server",
};

/** Messages of a name rule as Invalid causes. */
const nameCauses = (rule: (v: string) => string[], value: string, field: string) => rule(value).map((m) => fieldErr.invalid(field, value, m));

function validateVolumes(volumes: unknown[], path: string): { causes: StatusCause[]; names: Set<string> } {
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(v)) return;
    const name = str(v.name);
    if (!name) causes.push(fieldErr.required(`${p}.name`));
    else causes.push(...nameCauses(dns1123Label, name, `${p}.name`));
    if (names.has(name)) causes.push(fieldErr.duplicate(`${p}.name`, name));
    names.add(name);
    const sources = Object.keys(v).filter((k) => k !== "name" && v[k] !== null && v[k] !== undefined);
    if (sources.length === 0) causes.push(fieldErr.required(p, "must specify a volume type"));
    for (const extra of sources.slice(1)) causes.push(fieldErr.forbidden(`${p}.${extra}`, "may not specify more than 1 volume type"));
    for (const [source, ref] of Object.entries(VOLUME_REFERENCES)) {
      const s = v[source];
      if (isObject(s) && !str(s[ref])) causes.push(fieldErr.required(`${p}.${source}.${ref}`));
    }
    for (const source of ["configMap", "secret", "downwardAPI", "projected"]) {
      const mode = isObject(v[source]) ? (v[source] as JsonObject).defaultMode : undefined;
      if (typeof mode === "number" && (mode < 0 || mode > 0o777)) {
        causes.push(fieldErr.invalid(`${p}.${source}.defaultMode`, mode, "must be a number between 0 and 0777 (octal), both inclusive"));
      }
    }
  });
  return { causes, names };
}

/** Resource names a container may request: the native ones, hugepages, or a domain-qualified extended resource. */
const isNativeContainerResource = (name: string) => ["cpu", "memory", "ephemeral-storage"].includes(name) || name.startsWith("hugepages-");
const overcommitAllowed = (name: string) => (!name.includes("/") || name.startsWith("kubernetes.io/")) && !name.startsWith("hugepages-");

function validateResources(res: unknown, path: string): StatusCause[] {
  if (!isObject(res)) return [];
  const causes: StatusCause[] = [];
  const limits = isObject(res.limits) ? res.limits : {};
  const requests = isObject(res.requests) ? res.requests : {};
  const checkList = (values: JsonObject, listPath: string) => {
    for (const [name, q] of Object.entries(values)) {
      const p = `${listPath}[${name}]`;
      if (!name.includes("/") && !isNativeContainerResource(name)) causes.push(fieldErr.invalid(p, name, "must be a standard resource for containers"));
      const value = parseQuantity(q);
      if (value === undefined) causes.push(fieldErr.invalid(p, q, QUANTITY_FORMAT_ERROR));
      else if (value < 0) causes.push(fieldErr.invalid(p, String(q), "must be greater than or equal to 0"));
    }
  };
  checkList(limits, `${path}.limits`);
  checkList(requests, `${path}.requests`);
  for (const [name, q] of Object.entries(requests)) {
    const request = parseQuantity(q);
    const limit = parseQuantity(limits[name]);
    if (request === undefined) continue;
    if (name in limits) {
      if (limit === undefined) continue;
      // Note kube reports these on the requests map itself, not on the key.
      if (request !== limit && !overcommitAllowed(name)) {
        causes.push(fieldErr.invalid(`${path}.requests`, String(q), `must be equal to ${name} limit of ${String(limits[name])}`));
      } else if (request > limit) {
        causes.push(fieldErr.invalid(`${path}.requests`, String(q), `must be less than or equal to ${name} limit of ${String(limits[name])}`));
      }
    } else if (!overcommitAllowed(name)) {
      causes.push(fieldErr.required(`${path}.limits`, "Limit must be set for non overcommitable resources"));
    }
  }
  return causes;
}

function validateProbe(probe: unknown, path: string, mustSucceedOnce: boolean): StatusCause[] {
  if (!isObject(probe)) return [];
  const causes: StatusCause[] = [];
  const handlers = PROBE_HANDLERS.filter((h) => isObject(probe[h]));
  if (handlers.length === 0) causes.push(fieldErr.required(path, "must specify a handler type"));
  for (const extra of handlers.slice(1)) causes.push(fieldErr.forbidden(`${path}.${extra}`, "may not specify more than 1 handler type"));
  for (const key of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"]) {
    const v = probe[key];
    if (typeof v === "number" && v < 0) causes.push(fieldErr.invalid(`${path}.${key}`, v, "must be greater than or equal to 0"));
  }
  if (mustSucceedOnce && typeof probe.successThreshold === "number" && probe.successThreshold !== 1) {
    causes.push(fieldErr.invalid(`${path}.successThreshold`, probe.successThreshold, "must be 1"));
  }
  if (isObject(probe.httpGet)) causes.push(...validatePortNumOrName(probe.httpGet.port, `${path}.httpGet.port`));
  if (isObject(probe.tcpSocket)) causes.push(...validatePortNumOrName(probe.tcpSocket.port, `${path}.tcpSocket.port`));
  return causes;
}

function validatePorts(ports: unknown[], path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(port)) return;
    const name = str(port.name);
    if (name) {
      const bad = validatePortName(name, `${p}.name`);
      if (bad.length > 0) causes.push(...bad);
      else if (names.has(name)) causes.push(fieldErr.duplicate(`${p}.name`, name));
      names.add(name);
    }
    if (!port.containerPort) causes.push(fieldErr.required(`${p}.containerPort`));
    else causes.push(...validatePortNum(port.containerPort, `${p}.containerPort`));
    if (port.hostPort) causes.push(...validatePortNum(port.hostPort, `${p}.hostPort`));
    causes.push(...validateProtocol(port.protocol, `${p}.protocol`));
  });
  return causes;
}

function validateEnv(env: unknown[], path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  env.forEach((e, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(e)) return;
    const name = str(e.name);
    // RelaxedEnvironmentVariableValidation is on by default since 1.32.
    if (!name) causes.push(fieldErr.required(`${p}.name`));
    else if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(name)) {
      causes.push(fieldErr.invalid(`${p}.name`, name, "a valid environment variable name must consist only of printable ASCII characters other than '='"));
    }
    if (isObject(e.valueFrom) && str(e.value)) causes.push(fieldErr.invalid(`${p}.valueFrom`, "", "may not be specified when `value` is not empty"));
  });
  return causes;
}

function validateVolumeMounts(mounts: unknown[], volumes: Set<string>, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const mountPaths = new Set<string>();
  mounts.forEach((m, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(m)) return;
    const name = str(m.name);
    if (!name) causes.push(fieldErr.required(`${p}.name`));
    if (!volumes.has(name)) causes.push(fieldErr.notFound(`${p}.name`, name));
    const mountPath = str(m.mountPath);
    if (!mountPath) causes.push(fieldErr.required(`${p}.mountPath`));
    if (mountPaths.has(mountPath)) causes.push(fieldErr.invalid(`${p}.mountPath`, mountPath, "must be unique"));
    mountPaths.add(mountPath);
  });
  return causes;
}

type ContainerKind = "containers" | "initContainers";

function validateContainer(c: JsonObject, p: string, kind: ContainerKind, volumes: Set<string>): StatusCause[] {
  const causes: StatusCause[] = [];
  const image = str(c.image);
  if (!image) causes.push(fieldErr.required(`${p}.image`));
  else if (image.trim() !== image) causes.push(fieldErr.invalid(`${p}.image`, image, "must not have leading or trailing whitespace"));
  if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(str(c.imagePullPolicy))) {
    causes.push(fieldErr.notSupported(`${p}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  }
  if (c.terminationMessagePolicy !== undefined && !TERMINATION_MESSAGE_POLICIES.includes(str(c.terminationMessagePolicy))) {
    causes.push(fieldErr.notSupported(`${p}.terminationMessagePolicy`, c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES));
  }
  if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
    if (kind === "containers") causes.push(fieldErr.forbidden(`${p}.restartPolicy`, "may not be set for non-init containers"));
    else if (c.restartPolicy !== "Always") causes.push(fieldErr.notSupported(`${p}.restartPolicy`, c.restartPolicy, ["Always"]));
  }
  causes.push(...validatePorts(list(c.ports), `${p}.ports`));
  causes.push(...validateEnv(list(c.env), `${p}.env`));
  causes.push(...validateVolumeMounts(list(c.volumeMounts), volumes, `${p}.volumeMounts`));
  causes.push(...validateResources(c.resources, `${p}.resources`));
  // Sidecars (init containers with restartPolicy Always) may have probes; other init containers may not.
  const probesAllowed = kind === "containers" || c.restartPolicy === "Always";
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
    if (c[probe] === undefined || c[probe] === null) continue;
    if (!probesAllowed) causes.push(fieldErr.forbidden(`${p}.${probe}`, "may not be set for init containers without restartPolicy=Always"));
    else causes.push(...validateProbe(c[probe], `${p}.${probe}`, probe !== "readinessProbe"));
  }
  return causes;
}

/** ValidatePodSpec: every cause, with field paths under `path` (e.g. "spec" or "spec.template.spec"). */
export function validatePodSpec(spec: JsonObject, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const { causes: volumeCauses, names: volumes } = validateVolumes(list(spec.volumes), `${path}.volumes`);
  causes.push(...volumeCauses);

  const containers = list(spec.containers);
  if (containers.length === 0) causes.push(fieldErr.required(`${path}.containers`));
  const names = new Set<string>();
  const checkContainers = (items: unknown[], kind: ContainerKind) =>
    items.forEach((c, i) => {
      const p = `${path}.${kind}[${i}]`;
      if (!isObject(c)) return;
      const name = str(c.name);
      if (!name) causes.push(fieldErr.required(`${p}.name`));
      else causes.push(...nameCauses(dns1123Label, name, `${p}.name`));
      if (names.has(name)) causes.push(fieldErr.duplicate(`${p}.name`, name));
      names.add(name);
      causes.push(...validateContainer(c, p, kind, volumes));
    });
  checkContainers(containers, "containers");
  checkContainers(list(spec.initContainers), "initContainers");

  const restartPolicy = spec.restartPolicy;
  if (!restartPolicy) causes.push(fieldErr.required(`${path}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(str(restartPolicy))) causes.push(fieldErr.notSupported(`${path}.restartPolicy`, restartPolicy, RESTART_POLICIES));
  const dnsPolicy = spec.dnsPolicy;
  if (dnsPolicy !== undefined && !DNS_POLICIES.includes(str(dnsPolicy))) causes.push(fieldErr.notSupported(`${path}.dnsPolicy`, dnsPolicy, DNS_POLICIES));
  if (dnsPolicy === "None" && !isObject(spec.dnsConfig)) causes.push(fieldErr.required(`${path}.dnsConfig`, "must provide `dnsConfig` when `dnsPolicy` is None"));

  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined && deadline !== null && (typeof deadline !== "number" || deadline < 1 || deadline > 2147483647)) {
    causes.push(fieldErr.invalid(`${path}.activeDeadlineSeconds`, deadline, inclusiveRange(1, 2147483647)));
  }
  for (const key of ["nodeName", "serviceAccountName"]) {
    if (str(spec[key])) causes.push(...nameCauses(dns1123Subdomain, str(spec[key]), `${path}.${key}`));
  }
  for (const key of ["hostname", "subdomain"]) {
    if (str(spec[key])) causes.push(...nameCauses(dns1123Label, str(spec[key]), `${path}.${key}`));
  }
  return causes;
}

