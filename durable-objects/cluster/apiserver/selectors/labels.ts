// Label selectors in the string form of labels.Parse: "a=b,c!=d,e in (x,y),f notin (z),g,!h,n>3".

export type Requirement =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!" }
  | { key: string; op: ">" | "<"; value: number };

export type LabelSelector = Requirement[];

export class SelectorParseError extends Error {}

/** Splits on top-level commas (commas inside "( … )" belong to a value set). */
function splitRequirements(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.map((r) => r.trim());
}

export function parseLabelSelector(input: string): LabelSelector {
  if (input.trim() === "") return [];
  return splitRequirements(input).map((raw) => {
    if (raw === "") throw new SelectorParseError(`found '', expected: identifier`);
    let m = /^!\s*([^\s=!<>(),]+)$/.exec(raw);
    if (m) return { key: m[1]!, op: "!" };
    m = /^([^\s=!<>(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(raw);
    if (m) {
      const values = m[3]!.split(",").map((v) => v.trim());
      return { key: m[1]!, op: m[2] as "in" | "notin", values: values.length === 1 && values[0] === "" ? [] : values };
    }
    m = /^([^\s=!<>(),]+)\s*(==|=|!=)\s*([^\s=!<>(),]*)$/.exec(raw);
    if (m) return { key: m[1]!, op: m[2] === "!=" ? "!=" : "=", value: m[3]! };
    m = /^([^\s=!<>(),]+)\s*([<>])\s*(-?\d+)$/.exec(raw);
    if (m) return { key: m[1]!, op: m[2] as ">" | "<", value: Number(m[3]) };
    m = /^([^\s=!<>(),]+)$/.exec(raw);
    if (m) return { key: m[1]!, op: "exists" };
    throw new SelectorParseError(`unable to parse requirement: ${JSON.stringify(raw)}`);
  });
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return selector.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case "=":
        return has && v === r.value;
      case "!=":
        return !has || v !== r.value;
      case "in":
        return has && r.values.includes(v!);
      case "notin":
        return !has || !r.values.includes(v!);
      case "exists":
        return has;
      case "!":
        return !has;
      case ">":
      case "<": {
        if (!has || !/^-?\d+$/.test(v!)) return false;
        return r.op === ">" ? Number(v) > r.value : Number(v) < r.value;
      }
    }
  });
}
