// Port numbers, port names and protocols (k8s.io/apimachinery/pkg/util/validation).
import type { StatusCause } from "../status";
import { fieldErr, inclusiveRange } from "./field-errors";

export const PROTOCOLS = ["SCTP", "TCP", "UDP"] as const;

/** IsValidPortNum */
export function portNumErrors(port: unknown): string[] {
  return typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRange(1, 65535)];
}

/** IsValidPortName: an IANA_SVC_NAME. */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push("must be no more than 15 characters");
  if (!/^[-a-z0-9]+$/.test(name)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(name)) errs.push("must contain at least one letter (a-z)");
  if (name.includes("--")) errs.push("must not contain consecutive hyphens");
  if (name.startsWith("-") || name.endsWith("-")) errs.push("must not begin or end with a hyphen");
  return errs;
}

/** A port number in a field, reported as kube does. */
export function validatePortNum(port: unknown, field: string): StatusCause[] {
  return portNumErrors(port).map((msg) => fieldErr.invalid(field, port, msg));
}

/** A named port in a field, reported as kube does. */
export function validatePortName(name: string, field: string): StatusCause[] {
  return portNameErrors(name).map((msg) => fieldErr.invalid(field, name, msg));
}

/** A protocol: required, and one of SCTP, TCP, UDP. */
export function validateProtocol(protocol: unknown, field: string): StatusCause[] {
  if (protocol === undefined || protocol === null || protocol === "") return [fieldErr.required(field)];
  return (PROTOCOLS as readonly unknown[]).includes(protocol) ? [] : [fieldErr.notSupported(field, protocol, PROTOCOLS)];
}

/** A port given as a number or a name (targetPort, probe ports): ValidatePortNumOrName. */
export function validatePortNumOrName(port: unknown, field: string): StatusCause[] {
  if (typeof port === "number") return validatePortNum(port, field);
  if (typeof port === "string") {
    if (port === "") return [fieldErr.required(field)];
    return validatePortName(port, field);
  }
  return [fieldErr.invalid(field, port, "must contain an int or a string")];
}
