// networking.k8s.io/v1: Ingress.
// Field numbers from k8s.io/api v0.36.3 networking/v1/generated.proto; ptr / keep (no `omitempty`) / inline from the
// `json` tags and field types of the Go structs. Fields in Go declaration order.
import { i32, inline, keep, list, msg, ptr, str, type Messages } from "./types";

export const NETWORKING = {
  "networking.v1.Ingress": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("spec", "networking.v1.IngressSpec"),
    3: msg("status", "networking.v1.IngressStatus"),
  },
  "networking.v1.IngressSpec": {
    4: ptr(str("ingressClassName")),
    1: ptr(msg("defaultBackend", "networking.v1.IngressBackend")),
    2: list(msg("tls", "networking.v1.IngressTLS")),
    3: list(msg("rules", "networking.v1.IngressRule")),
  },
  "networking.v1.IngressStatus": {
    1: msg("loadBalancer", "networking.v1.IngressLoadBalancerStatus"),
  },
  "networking.v1.IngressBackend": {
    4: ptr(msg("service", "networking.v1.IngressServiceBackend")),
    3: ptr(msg("resource", "core.v1.TypedLocalObjectReference")),
  },
  "networking.v1.IngressTLS": {
    1: list(str("hosts")),
    2: str("secretName"),
  },
  "networking.v1.IngressRule": {
    1: str("host"),
    2: inline(msg("ingressRuleValue", "networking.v1.IngressRuleValue")),
  },
  "networking.v1.IngressLoadBalancerStatus": {
    1: list(msg("ingress", "networking.v1.IngressLoadBalancerIngress")),
  },
  "networking.v1.IngressServiceBackend": {
    1: keep(str("name")),
    2: msg("port", "networking.v1.ServiceBackendPort"),
  },
  "networking.v1.IngressRuleValue": {
    1: ptr(msg("http", "networking.v1.HTTPIngressRuleValue")),
  },
  "networking.v1.IngressLoadBalancerIngress": {
    1: str("ip"),
    2: str("hostname"),
    4: list(msg("ports", "networking.v1.IngressPortStatus")),
  },
  "networking.v1.ServiceBackendPort": {
    1: str("name"),
    2: i32("number"),
  },
  "networking.v1.HTTPIngressRuleValue": {
    1: list(msg("paths", "networking.v1.HTTPIngressPath")),
  },
  "networking.v1.IngressPortStatus": {
    1: keep(i32("port")),
    2: keep(str("protocol")),
    3: ptr(str("error")),
  },
  "networking.v1.HTTPIngressPath": {
    1: str("path"),
    3: ptr(str("pathType")),
    2: msg("backend", "networking.v1.IngressBackend"),
  },
} satisfies Messages;
