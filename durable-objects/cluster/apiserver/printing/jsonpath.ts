// The JSONPath subset CRD printer columns use: ".spec.replicas", ".status.conditions[0].type",
// ".spec.items[*].name", ".status.conditions[?(@.type==\"Ready\")].status". Returns every match.

type Step = { field: string } | { index: number } | { all: true } | { filter: { path: string[]; value: string } };

function parse(path: string): Step[] {
  const steps: Step[] = [];
  const re = /\.([A-Za-z0-9_\-$]+)|\[(\d+)\]|\[\*\]|\[\?\(@\.([A-Za-z0-9_.\-]+)\s*==\s*["']([^"']*)["']\)\]/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  const src = path.trim().replace(/^\{(.*)\}$/, "$1").replace(/^\$/, "");
  while ((m = re.exec(src))) {
    if (m.index !== consumed) throw new Error(`unsupported JSONPath: ${path}`);
    consumed = re.lastIndex;
    if (m[1] !== undefined) steps.push({ field: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else if (m[3] !== undefined) steps.push({ filter: { path: m[3].split("."), value: m[4]! } });
    else steps.push({ all: true });
  }
  if (consumed !== src.length) throw new Error(`unsupported JSONPath: ${path}`);
  return steps;
}

export function isSupportedJsonPath(path: string): boolean {
  try {
    parse(path);
    return true;
  } catch {
    return false;
  }
}

export function evaluateJsonPath(obj: unknown, path: string): unknown[] {
  let current: unknown[] = [obj];
  for (const step of parse(path)) {
    const next: unknown[] = [];
    for (const v of current) {
      if ("field" in step) {
        if (v !== null && typeof v === "object" && !Array.isArray(v) && step.field in v) next.push((v as Record<string, unknown>)[step.field]);
      } else if ("index" in step) {
        if (Array.isArray(v) && step.index < v.length) next.push(v[step.index]);
      } else if ("all" in step) {
        if (Array.isArray(v)) next.push(...v);
      } else if (Array.isArray(v)) {
        for (const item of v) {
          let x: unknown = item;
          for (const p of step.filter.path) x = x !== null && typeof x === "object" ? (x as Record<string, unknown>)[p] : undefined;
          if (x !== undefined && String(x) === step.filter.value) next.push(item);
        }
      }
    }
    current = next;
  }
  return current;
}
