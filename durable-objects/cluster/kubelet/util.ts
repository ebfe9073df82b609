// Small deterministic helpers shared by the simulated kubelet: hashing (no Math.random), and the
// time formats kube and the simulated programs print.
import type { JsonObject } from "../apiserver/registry/types";

/** A Node's InternalIP ("" until it has one). */
export function internalIP(node: JsonObject): string {
  const addresses = (((node.status ?? {}) as JsonObject).addresses ?? []) as JsonObject[];
  return (addresses.find((a) => a.type === "InternalIP")?.address as string | undefined) ?? "";
}

/** FNV-1a over a string, as an unsigned 32-bit number. */
export function hash32(seed: string): number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  // A final avalanche so that near-identical seeds spread over the whole range.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

/** `len` stable hex characters derived from `seed` (container ids, fake digests). */
export function hexOf(seed: string, len = 64): string {
  let out = "";
  for (let i = 0; out.length < len; i++) out += hash32(`${seed}#${i}`).toString(16).padStart(8, "0");
  return out.slice(0, len);
}

/** A stable integer in [min, max] for `seed` (deterministic jitter). */
export function jitter(seed: string, min: number, max: number): number {
  return min + (hash32(seed) % (max - min + 1));
}

/** RFC3339 with seconds precision, as pod status timestamps are written. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** RFC3339Nano with fixed nine digits, as `kubectl logs --timestamps` prints. */
export function rfc3339NanoFixed(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-11-27T14:50:01.123Z
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z`;
}

export function parseTime(s: unknown): number | undefined {
  if (typeof s !== "string") return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** Go's time.Duration.String() for a whole number of milliseconds ("0s", "312ms", "1.2s", "2m5s"). */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, "")}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");
const p3 = (n: number) => String(n).padStart(3, "0");

/**
 * Renders `{t:FORMAT}` placeholders in a program's log line with the moment it was printed.
 * Formats mimic the programs: nginx error log, redis, postgres, mysql entrypoint, ISO, `date`.
 */
export function renderTimePlaceholders(text: string, ms: number): string {
  if (!text.includes("{t:")) return text;
  const d = new Date(ms);
  const Y = d.getUTCFullYear();
  const M = p2(d.getUTCMonth() + 1);
  const D = p2(d.getUTCDate());
  const hms = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  const milli = p3(d.getUTCMilliseconds());
  return text.replace(/\{t:(\w+)\}/g, (whole, fmt: string) => {
    switch (fmt) {
      case "nginx":
        return `${Y}/${M}/${D} ${hms}`;
      case "redis":
        return `${D} ${MONTHS[d.getUTCMonth()]} ${Y} ${hms}.${milli}`;
      case "pg":
        return `${Y}-${M}-${D} ${hms}.${milli} UTC`;
      case "mysql":
        return `${Y}-${M}-${D} ${hms}+00:00`;
      case "iso":
        return `${Y}-${M}-${D}T${hms}.${milli}000Z`;
      case "fluentd":
        return `${Y}-${M}-${D} ${hms} +0000`;
      case "log4j":
        return `${Y}-${M}-${D} ${hms},${milli}`;
      case "js": // JavaScript's Date#toISOString (Node's console.log of a Date)
        return `${Y}-${M}-${D}T${hms}.${milli}Z`;
      case "klog": // klog's header up to the PID (agnhost: "I0911 09:19:26.677397       1 log.go:195] …")
        return `I${M}${D} ${hms}.${milli}000`;
      case "date":
        return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${hms} UTC ${Y}`;
      case "epoch":
        return String(Math.floor(ms / 1000));
      case "apache":
        return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${D} ${hms}.${milli}000 ${Y}`;
      default:
        return whole;
    }
  });
}

export const asObject = (v: unknown): JsonObject => (v && typeof v === "object" && !Array.isArray(v) ? (v as JsonObject) : {});
export const asArray = (v: unknown): JsonObject[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === "object") as JsonObject[]) : []);
export const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const asNumber = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
export const asStrings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map((x) => String(x)) : undefined);

/** JSON equality insensitive to key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}
