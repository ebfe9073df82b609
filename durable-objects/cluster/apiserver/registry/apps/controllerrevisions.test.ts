import { describe, expect, it } from "vitest";
import { controllerrevisions } from "./controllerrevisions";
import { causesOf, cells, created } from "./test-helpers";

describe("controllerrevisions", () => {
  const obj = () =>
    created(controllerrevisions, {
      metadata: { name: "web-7b9f5c6d8", ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "u", controller: true }] },
      data: { spec: { template: {} } },
      revision: 2,
    });

  it("prints the controller as kind.group/name", () => {
    expect(cells(controllerrevisions, obj())).toMatchObject({ Name: "web-7b9f5c6d8", Controller: "statefulset.apps/web", Revision: 2 });
  });

  it("requires data and keeps it immutable", () => {
    const o = obj();
    expect(causesOf(controllerrevisions, { ...o, data: undefined })).toEqual(["data: Required value: data is mandatory"]);
    expect(causesOf(controllerrevisions, { ...o, data: { x: 1 } }, o)).toHaveLength(1);
  });
});
