// NodeUnschedulable: rejects cordoned nodes unless the pod tolerates node.kubernetes.io/unschedulable:NoSchedule.
import { unresolvable, type Plugin } from "../framework";
import { tolerationsTolerate } from "../pod-info";

export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

export const nodeUnschedulable: Plugin = {
  name: "NodeUnschedulable",
  weight: 0,
  create: ({ pod }) => {
    const tolerated = tolerationsTolerate(pod.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, value: "", effect: "NoSchedule" });
    return {
      filter: (node) => (node.unschedulable && !tolerated ? unresolvable(ERR_REASON_UNSCHEDULABLE) : null),
    };
  },
};
