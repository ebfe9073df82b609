import { describe, expect, it } from "vitest";
import { jsonDepthError, MAX_NESTING_DEPTH, measure, parseYamlDocument, YamlLimitError } from "./decode-limits";

const nestedJson = (depth: number, open = '{"a":', close = "}") => `${open.repeat(depth)}1${close.repeat(depth)}`;

describe("jsonDepthError", () => {
  it("allows 500 levels and refuses 501 with Go's scanner text, naming the bracket", () => {
    expect(MAX_NESTING_DEPTH).toBe(500);
    expect(jsonDepthError(nestedJson(500))).toBeUndefined();
    expect(jsonDepthError(nestedJson(501))).toBe("invalid character '{' exceeded max depth");
    expect(jsonDepthError(nestedJson(501, "[", "]"))).toBe("invalid character '[' exceeded max depth");
    expect(jsonDepthError(`{"a":[${nestedJson(100_000)}]}`)).toBe("invalid character '{' exceeded max depth");
  });

  it("does not count brackets in strings, escaped quotes included", () => {
    const text = JSON.stringify({ a: "{".repeat(2000), b: '\\"[[[[', c: [1, 2] });
    expect(jsonDepthError(text)).toBeUndefined();
    expect(jsonDepthError(text, 1)).toBe("invalid character '[' exceeded max depth");
  });

  it("scans 3 MiB in a few milliseconds", () => {
    const text = JSON.stringify({ data: Object.fromEntries(Array.from({ length: 150_000 }, (_, i) => [`k${i}`, "v{[}]"])) });
    const start = performance.now();
    expect(jsonDepthError(text)).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe("parseYamlDocument", () => {
  const blockMaps = (depth: number) => Array.from({ length: depth }, (_, i) => `${" ".repeat(i)}a:`).join("\n") + `\n${" ".repeat(depth)}b: 1\n`;
  const refusal = (text: string) => {
    try {
      parseYamlDocument(text);
    } catch (err) {
      if (err instanceof YamlLimitError) return err.message;
      throw err;
    }
    return undefined;
  };

  it("allows 500 levels of flow, block and compact nesting and refuses more with go-yaml's text", () => {
    expect(refusal(nestedJson(500))).toBeUndefined();
    expect(refusal(nestedJson(501))).toBe("yaml: exceeded max depth of 500");
    expect(refusal(`x: ${nestedJson(499, "[", "]")}`)).toBeUndefined();
    expect(refusal(`x: ${nestedJson(500, "[", "]")}`)).toBe("yaml: exceeded max depth of 500");
    expect(refusal(`${"- ".repeat(500)}x\n`)).toBeUndefined();
    expect(refusal(`${"- ".repeat(501)}x\n`)).toBe("yaml: exceeded max depth of 500");
    expect(refusal(blockMaps(499))).toBeUndefined();
    expect(refusal(blockMaps(501))).toBe("yaml: exceeded max depth of 500");
    // Far deeper: refused by the parser's own guard, at the line it stopped.
    expect(refusal(`a: 1\nb:\n${"- ".repeat(100_000)}x\n`)).toBe("yaml: line 3: exceeded max depth of 500");
    expect(refusal(`a: 1\nb: ${"[".repeat(100_000)}\n`)).toBe("yaml: line 2: exceeded max depth of 500");
  });

  it("reads a body that looks like JSON as JSON, without the YAML parser", () => {
    expect(parseYamlDocument(' {"a": {"b": [1, "x"]}, "a2": 1, "a2": 2}')).toEqual({ a: { b: [1, "x"] }, a2: 2 });
    expect(refusal(`{"x":${nestedJson(100_000)}}`)).toBe("yaml: exceeded max depth of 500");
    // Flow YAML that is not JSON still parses.
    expect(parseYamlDocument("{a: b, c: [1, 2]}")).toEqual({ a: "b", c: [1, 2] });
  });

  it("reads YAML 1.2's core schema; duplicate keys keep the last value, as go-yaml's non-strict decoding", () => {
    expect(parseYamlDocument("a: 1\nb: true\nc: ~\nd: 2024-01-01\ne: '1'\na: 2\n")).toEqual({ a: 2, b: true, c: null, d: "2024-01-01", e: "1" });
  });

  it("bounds what aliases expand to: 3 MiB", () => {
    const many = `x: &a ${"x".repeat(100_000)}\ny: [${Array(40).fill("*a").join(", ")}]\n`;
    expect(refusal(many)).toBe("yaml: document contains excessive aliasing");
    const fewer = `x: &a ${"x".repeat(100_000)}\ny: [${Array(20).fill("*a").join(", ")}]\n`;
    expect(refusal(fewer)).toBeUndefined();
    let laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
    for (let l = 1; l < 12; l++) laughs += `a${l}: &a${l} [${Array(9).fill(`*a${l - 1}`).join(", ")}]\n`;
    expect(refusal(laughs)).toBe("yaml: document contains excessive aliasing");
  });

  it("parses 100,000 keys of block YAML in about linear time", () => {
    const text = `data:\n${Array.from({ length: 100_000 }, (_, i) => `  key-${i}: value-${i}\n`).join("")}`;
    const start = performance.now();
    expect(Object.keys((parseYamlDocument(text) as { data: object }).data)).toHaveLength(100_000);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});

describe("measure", () => {
  it("gives depth and a lower bound of the JSON size without recursing", () => {
    const value = { a: [1, "xy", null, true], b: { c: {} } };
    expect(measure(value)).toEqual({ depth: 3, bytes: JSON.stringify(value).length, over: false });
    expect(measure("x")).toEqual({ depth: 0, bytes: 3, over: false });
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(measure(deep)).toMatchObject({ depth: 100_000, over: false });
    expect(measure(deep, { depth: 500 })).toMatchObject({ over: true });
  });

  it("counts a shared (aliased) value every time it appears, and stops at the byte limit", () => {
    const shared = Array.from({ length: 1000 }, () => "x".repeat(100));
    const wide = { a: shared, b: shared, c: shared };
    expect(measure(wide).bytes).toBe(JSON.stringify(wide).length);
    expect(measure(wide, { bytes: 150_000 })).toMatchObject({ over: true });
  });
});
