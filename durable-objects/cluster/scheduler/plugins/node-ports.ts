// NodePorts: the pod's hostPorts must be free on the node (per protocol and hostIP; 0.0.0.0 overlaps every IP).
import { unschedulable, type Plugin } from "../framework";

export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

export const nodePorts: Plugin = {
  name: "NodePorts",
  weight: 0,
  create: ({ pod }) => ({
    filter: (node) =>
      pod.hostPorts.length > 0 && pod.hostPorts.some((hp) => node.portConflicts(hp)) ? unschedulable(ERR_REASON_NODE_PORTS) : null,
  }),
};
