// core/v1 ("" group), in the order kube's discovery lists them.
import { configmaps } from "./configmaps";
import { endpoints } from "./endpoints";
import { events } from "./events";
import { limitranges } from "./limitranges";
import { namespaces } from "./namespaces";
import { nodes } from "./nodes";
import { persistentvolumeclaims } from "./persistentvolumeclaims";
import { persistentvolumes } from "./persistentvolumes";
import { pods } from "./pods";
import { podtemplates } from "./podtemplates";
import { replicationcontrollers } from "./replicationcontrollers";
import { resourcequotas } from "./resourcequotas";
import { secrets } from "./secrets";
import { serviceaccounts } from "./serviceaccounts";
import { services } from "./services";
import type { ResourceType } from "../types";

export const coreTypes: ResourceType[] = [
  configmaps,
  endpoints,
  events,
  limitranges,
  namespaces,
  nodes,
  persistentvolumeclaims,
  persistentvolumes,
  pods,
  podtemplates,
  replicationcontrollers,
  resourcequotas,
  secrets,
  serviceaccounts,
  services,
];
