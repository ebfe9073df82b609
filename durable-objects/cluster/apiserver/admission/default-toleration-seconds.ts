// DefaultTolerationSeconds: a pod created (or updated) without a NoExecute toleration for the node conditions
// not-ready and unreachable gets one for each, for 300 seconds, so a pod on a failed node is evicted
// five minutes after its taint appears.
import { objects, str } from "../validation/values";
import { isResource, type AdmissionPlugin } from "./chain";

const NOT_READY = "node.kubernetes.io/not-ready";
const UNREACHABLE = "node.kubernetes.io/unreachable";
const DEFAULT_SECONDS = 300;

/** A toleration of `key` with effect NoExecute: that key (or every key) and NoExecute (or every effect). */
const tolerates = (tolerations: Record<string, unknown>[], key: string) =>
  tolerations.some((t) => (str(t.key) === key || !str(t.key)) && (str(t.effect) === "NoExecute" || !str(t.effect)));

export const defaultTolerationSecondsPlugin: AdmissionPlugin = {
  name: "DefaultTolerationSeconds",
  admit(req) {
    if (!isResource(req, "", "pods")) return;
    const spec = (req.obj.spec ?? {}) as Record<string, unknown>;
    const tolerations = objects(spec.tolerations);
    const added = [NOT_READY, UNREACHABLE]
      .filter((key) => !tolerates(tolerations, key))
      .map((key) => ({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_SECONDS }));
    if (added.length > 0) spec.tolerations = [...tolerations, ...added];
  },
};
