// resource.Quantity ("500m", "1Gi", "2e3"): its value for comparisons and sums, and the canonical
// form kube-apiserver writes back ("1024Mi" → "1Gi", "0.5" → "500m", 1 → "1").

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const DECIMAL_SUFFIX_EXP: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/** An exact quantity: value = int × 10^exp10, and the format its suffix chose. */
interface Exact {
  int: bigint;
  exp10: number;
  format: "DecimalSI" | "BinarySI" | "DecimalExponent";
}

function parseExact(q: unknown): Exact | undefined {
  if (typeof q === "number") q = String(q);
  if (typeof q !== "string") return undefined;
  const m = QUANTITY.exec(q);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  const [, sign, whole = "", frac = "", suffix = ""] = m;
  let int = BigInt(`${sign === "-" ? "-" : ""}${whole || "0"}${frac}`);
  const exp10 = -frac.length;
  const binary = BINARY_SUFFIXES.indexOf(suffix);
  if (suffix !== "" && binary > 0) {
    int *= 1024n ** BigInt(binary);
    return { int, exp10, format: "BinarySI" };
  }
  if (suffix in DECIMAL_SUFFIX_EXP) return { int, exp10: exp10 + DECIMAL_SUFFIX_EXP[suffix]!, format: "DecimalSI" };
  return { int, exp10: exp10 + Number(suffix.slice(1)), format: "DecimalExponent" };
}

/** Rounds up (towards +∞) to 10^scale, as Quantity.RoundUp does. */
function roundUp(q: Exact, scale: number): Exact {
  if (q.exp10 >= scale) return q;
  const div = 10n ** BigInt(scale - q.exp10);
  let int = q.int / div;
  if (q.int % div !== 0n && q.int > 0n) int += 1n;
  return { ...q, int, exp10: scale };
}

/** The value of a quantity (a string, or a plain number as JSON allows), or undefined when it is not one. */
export function parseQuantity(q: unknown): number | undefined {
  const e = parseExact(q);
  return e ? Number(e.int) * 10 ** e.exp10 : undefined;
}

function removeFactors(n: bigint, f: bigint): [bigint, number] {
  let times = 0;
  while (n !== 0n && n % f === 0n) {
    n /= f;
    times++;
  }
  return [n, times];
}

/**
 * The canonical string kube writes for a quantity, rounded up to nano units (milli for resource
 * lists), or the input unchanged when it is not a quantity (validation reports it).
 */
export function canonicalQuantity(q: unknown, scale = -9): unknown {
  const parsed = parseExact(q);
  if (!parsed) return q;
  return formatExact(roundUp(parsed, scale));
}

/** Quantity.String(): the canonical form of an exact value in its format. */
function formatExact(e: Exact): string {
  if (e.int === 0n) return "0";
  let format = e.format;
  if (format === "BinarySI") {
    const abs = e.int < 0n ? -e.int : e.int;
    // Binary values under 1Ki print as plain numbers; fractions fall back to decimal.
    const small = e.exp10 >= 0 ? abs * 10n ** BigInt(e.exp10) < 1024n : abs < 1024n * 10n ** BigInt(-e.exp10);
    const exact = e.exp10 >= 0 || e.int % 10n ** BigInt(-e.exp10) === 0n;
    if (small || !exact) format = "DecimalSI";
    else {
      const whole = e.exp10 >= 0 ? e.int * 10n ** BigInt(e.exp10) : e.int / 10n ** BigInt(-e.exp10);
      const [amount, k] = removeFactors(whole, 1024n);
      if (k < BINARY_SUFFIXES.length) return `${amount}${BINARY_SUFFIXES[k]}`;
      return `${whole}`;
    }
  }
  let [amount, times] = removeFactors(e.int, 10n);
  let exponent = e.exp10 + times;
  const rem = ((exponent % 3) + 3) % 3;
  amount *= 10n ** BigInt(rem);
  exponent -= rem;
  if (format === "DecimalExponent") return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  const suffix = Object.entries(DECIMAL_SUFFIX_EXP).find(([, x]) => x === exponent)?.[0];
  return suffix === undefined ? `${amount}e${exponent}` : `${amount}${suffix}`;
}

/**
 * The sum of quantities as Quantity.Add makes it: exact, in the format of the first non-zero term
 * (a zero Quantity takes the format of what is added to it); "0" for none. Unparsable terms count 0.
 */
export function sumQuantities(terms: readonly unknown[]): string {
  let sum: Exact | undefined;
  for (const t of terms) {
    const e = parseExact(t);
    if (!e) continue;
    if (!sum) {
      sum = e;
      continue;
    }
    const exp10 = Math.min(sum.exp10, e.exp10);
    const scaled = (x: Exact) => x.int * 10n ** BigInt(x.exp10 - exp10);
    sum = { int: scaled(sum) + scaled(e), exp10, format: sum.int === 0n ? e.format : sum.format };
  }
  return sum ? formatExact(sum) : "0";
}

/** Quantity.Cmp: -1, 0 or 1 (exact); unparsable quantities compare as 0. */
export function compareQuantities(a: unknown, b: unknown): number {
  const [x, y] = [parseExact(a) ?? { int: 0n, exp10: 0, format: "DecimalSI" as const }, parseExact(b) ?? { int: 0n, exp10: 0, format: "DecimalSI" as const }];
  const exp10 = Math.min(x.exp10, y.exp10);
  const d = x.int * 10n ** BigInt(x.exp10 - exp10) - y.int * 10n ** BigInt(y.exp10 - exp10);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Canonicalizes every value of a ResourceList in place (SetDefaults_ResourceList rounds to milli). */
export function canonicalizeResourceList(list: unknown): void {
  if (typeof list !== "object" || list === null || Array.isArray(list)) return;
  const values = list as Record<string, unknown>;
  for (const [k, v] of Object.entries(values)) values[k] = canonicalQuantity(v, -3);
}

/** kube's decode error text for a malformed quantity. */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
