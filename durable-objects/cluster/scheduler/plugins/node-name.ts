// NodeName: a pod with spec.nodeName fits only that node.
import { unresolvable, type Plugin } from "../framework";

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export const nodeName: Plugin = {
  name: "NodeName",
  weight: 0,
  create: ({ pod }) => ({
    filter: (node) => (pod.nodeName !== undefined && pod.nodeName !== node.name ? unresolvable(ERR_REASON_NODE_NAME) : null),
  }),
};
