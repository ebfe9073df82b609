import { describe, expect, it } from "vitest";
import { getPatch, matchesRevision } from "./history";
import { ds } from "./testing";

describe("daemonset history patch", () => {
  it("is getPatch's JSON: the template as Go encodes it, $patch replace, keys sorted", () => {
    const d = ds({}, { containers: [{ name: "agent", image: "nginx", resources: {} }], nodeSelector: { b: "2", a: "1" } });
    expect(getPatch(d)).toBe(
      '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"agent"}},"spec":{"containers":[{"image":"nginx","name":"agent","resources":{}}],"nodeSelector":{"a":"1","b":"2"}}}}}',
    );
    expect(matchesRevision(d, { data: JSON.parse(getPatch(d)) })).toBe(true);
    const other = ds({}, { containers: [{ name: "agent", image: "nginx:2" }] });
    expect(matchesRevision(other, { data: JSON.parse(getPatch(d)) })).toBe(false);
  });
});
