// core/v1: Namespace, Service, ConfigMap, Secret, ServiceAccount, ResourceQuota and what they use.
// Field numbers from k8s.io/api v0.36.3 core/v1/generated.proto; ptr / keep (no `omitempty`) / inline from the
// `json` tags and field types of the Go structs. Fields in Go declaration order.
import { bool, i32, intOrString, keep, list, mapOf, msg, ptr, str, time, type Messages } from "./types";

export const CORE = {
  "core.v1.Namespace": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("spec", "core.v1.NamespaceSpec"),
    3: msg("status", "core.v1.NamespaceStatus"),
  },
  "core.v1.Service": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("spec", "core.v1.ServiceSpec"),
    3: msg("status", "core.v1.ServiceStatus"),
  },
  "core.v1.ConfigMap": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    4: ptr(bool("immutable")),
    2: mapOf("data", "string"),
    3: mapOf("binaryData", "bytes"),
  },
  "core.v1.Secret": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    5: ptr(bool("immutable")),
    2: mapOf("data", "bytes"),
    4: mapOf("stringData", "string"),
    3: str("type"),
  },
  "core.v1.ServiceAccount": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: list(msg("secrets", "core.v1.ObjectReference")),
    3: list(msg("imagePullSecrets", "core.v1.LocalObjectReference")),
    4: ptr(bool("automountServiceAccountToken")),
  },
  "core.v1.ResourceQuota": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("spec", "core.v1.ResourceQuotaSpec"),
    3: msg("status", "core.v1.ResourceQuotaStatus"),
  },
  "core.v1.NamespaceSpec": {
    1: list(str("finalizers")),
  },
  "core.v1.NamespaceStatus": {
    1: str("phase"),
    2: list(msg("conditions", "core.v1.NamespaceCondition")),
  },
  "core.v1.ServiceSpec": {
    1: list(msg("ports", "core.v1.ServicePort")),
    2: mapOf("selector", "string"),
    3: str("clusterIP"),
    18: list(str("clusterIPs")),
    4: str("type"),
    5: list(str("externalIPs")),
    7: str("sessionAffinity"),
    8: str("loadBalancerIP"),
    9: list(str("loadBalancerSourceRanges")),
    10: str("externalName"),
    11: str("externalTrafficPolicy"),
    12: i32("healthCheckNodePort"),
    13: bool("publishNotReadyAddresses"),
    14: ptr(msg("sessionAffinityConfig", "core.v1.SessionAffinityConfig")),
    19: list(str("ipFamilies")),
    17: ptr(str("ipFamilyPolicy")),
    20: ptr(bool("allocateLoadBalancerNodePorts")),
    21: ptr(str("loadBalancerClass")),
    22: ptr(str("internalTrafficPolicy")),
    23: ptr(str("trafficDistribution")),
  },
  "core.v1.ServiceStatus": {
    1: msg("loadBalancer", "core.v1.LoadBalancerStatus"),
    2: list(msg("conditions", "meta.v1.Condition")),
  },
  "core.v1.ObjectReference": {
    1: str("kind"),
    2: str("namespace"),
    3: str("name"),
    4: str("uid"),
    5: str("apiVersion"),
    6: str("resourceVersion"),
    7: str("fieldPath"),
  },
  "core.v1.LocalObjectReference": {
    1: str("name"),
  },
  "core.v1.ResourceQuotaSpec": {
    1: mapOf("hard", "Quantity"),
    2: list(str("scopes")),
    3: ptr(msg("scopeSelector", "core.v1.ScopeSelector")),
  },
  "core.v1.ResourceQuotaStatus": {
    1: mapOf("hard", "Quantity"),
    2: mapOf("used", "Quantity"),
  },
  "core.v1.NamespaceCondition": {
    1: keep(str("type")),
    2: keep(str("status")),
    4: time("lastTransitionTime"),
    5: str("reason"),
    6: str("message"),
  },
  "core.v1.ServicePort": {
    1: str("name"),
    2: str("protocol"),
    6: ptr(str("appProtocol")),
    3: keep(i32("port")),
    4: intOrString("targetPort"),
    5: i32("nodePort"),
  },
  "core.v1.SessionAffinityConfig": {
    1: ptr(msg("clientIP", "core.v1.ClientIPConfig")),
  },
  "core.v1.LoadBalancerStatus": {
    1: list(msg("ingress", "core.v1.LoadBalancerIngress")),
  },
  "core.v1.ScopeSelector": {
    1: list(msg("matchExpressions", "core.v1.ScopedResourceSelectorRequirement")),
  },
  "core.v1.ClientIPConfig": {
    1: ptr(i32("timeoutSeconds")),
  },
  "core.v1.LoadBalancerIngress": {
    1: str("ip"),
    2: str("hostname"),
    3: ptr(str("ipMode")),
    4: list(msg("ports", "core.v1.PortStatus")),
  },
  "core.v1.ScopedResourceSelectorRequirement": {
    1: keep(str("scopeName")),
    2: keep(str("operator")),
    3: list(str("values")),
  },
  "core.v1.PortStatus": {
    1: keep(i32("port")),
    2: keep(str("protocol")),
    3: ptr(str("error")),
  },
} satisfies Messages;
