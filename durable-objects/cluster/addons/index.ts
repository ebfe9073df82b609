// The add-ons a new cluster gets, as kubeadm (and so kind) installs them after the control plane is
// up: created once through the API as the installer's user. A user who deletes or edits one keeps the
// change; nothing puts them back (kubeadm does not either, until an upgrade).
import type { Registry } from "../apiserver/registry";
import { ApiError } from "../apiserver/status";
import type { Client } from "../controllers/runtime/client";
import { metadataOf } from "../apiserver/objects";
import { coreDNS } from "./coredns";
import { defaultStorage } from "./default-storage";
import { kubeProxy } from "./kube-proxy";
import type { Addon } from "./types";

export const ADDONS: readonly Addon[] = [coreDNS, kubeProxy, defaultStorage];

/** Creates every add-on's objects that do not exist yet; returns the names of those it created. */
export function installAddons(client: Client, registry: Registry, kubernetesVersion: string): string[] {
  const created: string[] = [];
  for (const addon of ADDONS) {
    for (const obj of addon.objects(kubernetesVersion)) {
      const rt = registry.kind(obj.apiVersion as string, obj.kind as string);
      if (!rt) throw new Error(`add-on ${addon.name}: no resource type for ${String(obj.apiVersion)} ${String(obj.kind)}`);
      try {
        client.create(rt, metadataOf(obj).namespace as string | undefined, obj);
        created.push(`${String(obj.kind)} ${String(metadataOf(obj).name)}`);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 409)) throw err;
      }
    }
  }
  return created;
}
