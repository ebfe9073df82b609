// Reading the abuse-limit settings (wrangler.toml [vars]). Unset means on: a configuration that
// forgets a limit gets it, and only an explicit "off" or "0" (local development) turns one off.

/** A limit's on/off switch: unset or "on" → true, "off" → false; anything else is a configuration error. */
export function limitOn(name: string, value: string | undefined): boolean {
  if (value === undefined || value === "on") return true;
  if (value === "off") return false;
  throw new Error(`${name} must be "on" or "off", got ${JSON.stringify(value)}`);
}

/** A count limit: a non-negative integer, "0" meaning unlimited; `fallback` when unset. */
export function parseLimit(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer (0 = unlimited), got ${JSON.stringify(value)}`);
  return n;
}
