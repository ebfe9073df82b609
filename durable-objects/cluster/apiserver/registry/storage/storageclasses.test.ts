import { describe, expect, it } from "vitest";
import { causesOf, cells, created, schemaCausesOf } from "../apps/test-helpers";
import { storageclasses } from "./storageclasses";

const standard = () => ({
  apiVersion: "storage.k8s.io/v1",
  kind: "StorageClass",
  metadata: { name: "standard", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
  provisioner: "rancher.io/local-path",
  volumeBindingMode: "WaitForFirstConsumer",
});

describe("storageclasses", () => {
  it("defaults reclaimPolicy and marks the default class in NAME", () => {
    const sc = created(storageclasses, standard());
    expect(sc).toMatchObject({ reclaimPolicy: "Delete", volumeBindingMode: "WaitForFirstConsumer" });
    expect(cells(storageclasses, sc)).toEqual({
      Name: "standard (default)",
      Provisioner: "rancher.io/local-path",
      ReclaimPolicy: "Delete",
      VolumeBindingMode: "WaitForFirstConsumer",
      AllowVolumeExpansion: false,
      Age: "60s",
    });
    expect(causesOf(storageclasses, sc)).toEqual([]);
    expect(schemaCausesOf(storageclasses, sc)).toEqual([]);
    const plain = created(storageclasses, { metadata: { name: "fast" }, provisioner: "x.io/y" });
    expect(cells(storageclasses, plain)).toMatchObject({ Name: "fast", VolumeBindingMode: "Immediate" });
  });

  it("requires a provisioner and forbids changing it or the parameters", () => {
    expect(causesOf(storageclasses, created(storageclasses, { metadata: { name: "x" } }))).toEqual(["provisioner: Required value"]);
    const old = created(storageclasses, { ...standard(), parameters: { type: "ssd" } });
    const next = { ...old, provisioner: "other.io/p", parameters: { type: "hdd" } };
    expect(causesOf(storageclasses, next, old)).toEqual([
      "parameters: Forbidden: updates to parameters are forbidden.",
      "provisioner: Forbidden: updates to provisioner are forbidden.",
    ]);
  });
});
