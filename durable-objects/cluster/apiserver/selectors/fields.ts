// Field selectors: "metadata.name=x,status.phase!=Running" (also "=="). Backslash escapes
// "\," "\=" "\\" inside values, as fields.ParseSelector allows.

export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

export class FieldSelectorParseError extends Error {}

export function parseFieldSelector(input: string): FieldRequirement[] {
  if (input.trim() === "") return [];
  const terms: string[] = [];
  let current = "";
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === "\\" && i + 1 < input.length) {
      current += c + input[++i];
    } else if (c === ",") {
      terms.push(current);
      current = "";
    } else current += c;
  }
  terms.push(current);
  return terms.map((term) => {
    const m = /^([^=!]+?)\s*(!=|==|=)(.*)$/s.exec(term.trim());
    if (!m) throw new FieldSelectorParseError(`invalid selector: '${input}'; can't understand '${term}'`);
    return { field: m[1]!.trim(), op: m[2] === "!=" ? "!=" : "=", value: m[3]!.replace(/\\(.)/g, "$1") };
  });
}
