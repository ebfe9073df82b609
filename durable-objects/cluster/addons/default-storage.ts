// kind's default storage: the StorageClass `standard`, marked default, provisioned by rancher's
// local-path provisioner (volumes on the node that runs the first consumer: WaitForFirstConsumer),
// deleted with their claims, and expandable. kind also installs the provisioner's Deployment in
// local-path-storage; the binder and provisioner that would act for this class are not built yet, so
// claims of it stay Pending.
import type { JsonObject } from "../apiserver/registry/types";
import type { Addon } from "./types";

export const DEFAULT_STORAGE_CLASS = "standard";

export const defaultStorage: Addon = {
  name: "default storage",
  objects: (): JsonObject[] => [
    {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: DEFAULT_STORAGE_CLASS, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: "rancher.io/local-path",
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    },
  ],
};
