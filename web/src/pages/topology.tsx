// /console/:cluster/topology: how the selected namespace's workloads hang together, live — Services
// select Pods, Deployments own ReplicaSets own Pods, Pods run on Nodes. Five watches (no polling)
// feed a column layout; every box links to its object page.
import { useMemo, useState } from "hono/jsx/dom";
import { can, resourcePath, type KubeObject } from "../api/kube";
import { objectHref, useCluster } from "../context";
import { useAsync, useLiveList } from "../hooks";
import { navigate } from "../router";
import { BOX_H, BOX_W, layout, type Placed } from "./topology/layout";
import { buildGraph, REFS, type Kind } from "./topology/model";
import { fitText, nameFont } from "./topology/fit";
import "./topology/topology.css";

/** Room for a name inside a box: its width less the coloured edge, padding and borders. */
const NAME_WIDTH = BOX_W - 28;
const KINDS: Kind[] = ["Service", "Deployment", "ReplicaSet", "Pod", "Node"];
const PLURAL: Record<Kind, string> = { Service: "Services", Deployment: "Deployments", ReplicaSet: "ReplicaSets", Pod: "Pods", Node: "Nodes" };

export function TopologyView() {
  const { cluster, namespace } = useCluster();
  const scope = (kind: Kind) => (kind === "Node" ? undefined : namespace || undefined);
  // What a restricted user may not watch is left out (and said), never tried and refused.
  const allowed = useAsync(
    () => Promise.all(KINDS.map((kind) => can(cluster, { verb: "watch", group: REFS[kind].group, resource: REFS[kind].resource, ...(scope(kind) ? { namespace: scope(kind) } : {}) }))),
    [cluster, namespace],
  );
  const path = (kind: Kind) => (allowed.value?.[KINDS.indexOf(kind)] ? resourcePath(cluster, REFS[kind], scope(kind)) : null);
  const services = useLiveList<KubeObject>(path("Service"));
  const deployments = useLiveList<KubeObject>(path("Deployment"));
  const replicasets = useLiveList<KubeObject>(path("ReplicaSet"));
  const pods = useLiveList<KubeObject>(path("Pod"));
  const nodes = useLiveList<KubeObject>(path("Node"));
  const hidden = allowed.value ? KINDS.filter((_, i) => !allowed.value![i]) : [];
  // A kind the user may not watch counts as synced and live: there is nothing to wait for.
  const lists = [services, deployments, replicasets, pods, nodes].map((l, i) => (allowed.value && !allowed.value[i] ? { ...l, synced: true, live: true } : l));
  const [hot, setHot] = useState("");
  const font = useMemo(nameFont, []);

  const graph = useMemo(
    () => layout(buildGraph({ services: services.items, deployments: deployments.items, replicasets: replicasets.items, pods: pods.items, nodes: nodes.items })),
    [services.items, deployments.items, replicasets.items, pods.items, nodes.items],
  );
  // Tab order follows the columns, top to bottom.
  const boxes = [...graph.boxes].sort((a, b) => a.x - b.x || a.y - b.y);
  const synced = lists.every((l) => l.synced);
  const live = lists.every((l) => l.live);
  const error = lists.find((l) => l.error)?.error;
  const nothing = synced && graph.boxes.every((b) => b.kind === "Node");

  return (
    <section aria-labelledby="topology-title" class="topology">
      <div class="row spread">
        <h1 id="topology-title">
          Topology <span class="sub">{namespace ? `namespace ${namespace}` : "all namespaces"}</span>
        </h1>
        <span class={live ? "live on" : "live"}>{live ? "live" : synced ? "reconnecting" : "loading"}</span>
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {hidden.length > 0 && (
        <p class="hint" id="topology-hidden">
          Not shown: {hidden.map((k) => PLURAL[k]).join(", ")} — your RBAC does not allow watching them{namespace ? ` in ${namespace}` : ""}.
        </p>
      )}
      {nothing && (
        <p class="empty" id="topology-empty">
          No Services, Deployments, ReplicaSets or Pods {namespace ? `in namespace ${namespace}` : "in any namespace"} yet. Try{" "}
          <code>kubectl create deployment web --image=nginx --replicas=3</code> and <code>kubectl expose deployment web --port 80</code>.
        </p>
      )}
      <p class="hint topo-legend">
        Solid lines: owner (controller) references and the node a pod is bound to. Dashed lines: the pods a Service's selector picks.
      </p>
      <div class="topo-scroll" role="group" aria-label="Topology graph">
        <div class="topo-canvas" style={`width:${graph.width}px;height:${graph.height}px`}>
          <svg class="topo-edges" width={graph.width} height={graph.height} aria-hidden="true">
            {graph.edges.map((e) => (
              <path
                key={`${e.from.id}>${e.to.id}`}
                d={curve(e.from, e.to)}
                class={`edge${e.from.kind === "Service" ? " selects" : ""}${hot === e.from.id || hot === e.to.id ? " hot" : ""}`}
              />
            ))}
          </svg>
          {graph.columns.map((c) => (
            <h2 key={c.kind} class="topo-col" style={`left:${c.x}px;width:${BOX_W}px`}>
              {PLURAL[c.kind]} <span class="sub">{c.count}</span>
            </h2>
          ))}
          {boxes.map((b) => (
            <BoxLink key={b.id} box={b} cluster={cluster} showNamespace={!namespace} font={font} onHot={setHot} />
          ))}
        </div>
      </div>
    </section>
  );
}

/** An edge from the right of one box to the left of another, as a gentle S-curve. */
function curve(a: Placed, b: Placed): string {
  const x1 = a.x + BOX_W;
  const y1 = a.y + BOX_H / 2;
  const x2 = b.x;
  const y2 = b.y + BOX_H / 2;
  const dx = Math.max(24, (x2 - x1) / 2);
  return `M${x1} ${y1} C${x1 + dx} ${y1} ${x2 - dx} ${y2} ${x2} ${y2}`;
}

function BoxLink(props: { box: Placed; cluster: string; showNamespace: boolean; font: string; onHot: (id: string) => void }) {
  const { box: b } = props;
  const href = objectHref(props.cluster, REFS[b.kind], b.namespace, b.name);
  const where = props.showNamespace && b.namespace ? `${b.namespace}/` : "";
  const label = `${b.kind} ${where}${b.name}: ${b.status}`;
  return (
    <a
      href={href}
      class={`topo-box tone-${b.tone}${b.faded ? " faded" : ""}`}
      style={`left:${b.x}px;top:${b.y}px;width:${BOX_W}px;height:${BOX_H}px`}
      data-kind={b.kind}
      data-name={b.name}
      data-namespace={b.namespace ?? ""}
      data-tone={b.tone}
      title={label}
      aria-label={label}
      onClick={(e: MouseEvent) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
      onMouseEnter={() => props.onHot(b.id)}
      onMouseLeave={() => props.onHot("")}
      onFocus={() => props.onHot(b.id)}
      onBlur={() => props.onHot("")}
    >
      <span class="topo-name">{fitText(b.name, NAME_WIDTH, props.font)}</span>
      <span class="topo-status">
        {where && <span class="topo-ns">{b.namespace} · </span>}
        {b.status}
      </span>
    </a>
  );
}

