// Limit settings: unset means on (a configuration that forgets a limit keeps it); only an explicit
// "off" or "0" turns one off, and a typo is an error, never silently off.
import { describe, expect, it } from "vitest";
import { limitOn, parseLimit } from "./limits";

describe("limit settings", () => {
  it("reads a switch: unset or on → on, off → off, anything else is refused", () => {
    expect(limitOn("X", undefined)).toBe(true);
    expect(limitOn("X", "on")).toBe(true);
    expect(limitOn("X", "off")).toBe(false);
    for (const typo of ["", "of", "OFF", "false", "0"]) expect(() => limitOn("X", typo), typo).toThrow('X must be "on" or "off"');
  });

  it("reads a count: unset → the default, 0 → unlimited, a non-integer is refused", () => {
    expect(parseLimit("N", undefined, 5)).toBe(5);
    expect(parseLimit("N", " ", 5)).toBe(5);
    expect(parseLimit("N", "0", 5)).toBe(0);
    expect(parseLimit("N", "12", 5)).toBe(12);
    for (const bad of ["-1", "1.5", "five"]) expect(() => parseLimit("N", bad, 5), bad).toThrow("N must be a non-negative integer");
  });
});
