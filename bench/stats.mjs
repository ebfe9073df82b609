// Percentiles and number formatting for the benchmark tables.

/** Nearest-rank percentile of an unsorted array of numbers (NaN for an empty one). */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

/** { n, p50, p99, max } of latencies in ms, rounded for printing and JSON. */
export function summarize(values) {
  return { n: values.length, p50: round(percentile(values, 50)), p99: round(percentile(values, 99)), max: round(percentile(values, 100)) };
}

export function round(x, digits = 2) {
  if (!Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const fmtCell = (v) => (v === null || v === undefined ? "-" : typeof v === "number" ? String(round(v)) : String(v));

/** A plain text table: columns are [header, key] pairs, rows are objects. */
export function table(columns, rows) {
  const cells = [columns.map(([h]) => h), ...rows.map((r) => columns.map(([, k]) => fmtCell(r[k])))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}
