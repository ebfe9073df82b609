// /console/:cluster/architecture: the cluster's components as the Kubernetes architecture diagram
// draws them, live. Every request and every committed write arrives on the activity feed naming the
// component that made it; its lamp lights and a pulse travels to the API server (and on to etcd when
// stored), so a learner sees a `kubectl apply` ripple through controllers, scheduler and kubelets.
import { useState } from "hono/jsx/dom";
import { can, resourcePath, type KubeObject } from "../api/kube";
import { useCluster } from "../context";
import { useAsync, useLiveList, useCommitEffect } from "../hooks";
import { ActivityStore, connectFeed, type FeedState } from "./architecture/feed";
import { ActivityLog } from "./architecture/log";
import { ArchitectureMap } from "./architecture/map";
import "./architecture/architecture.css";

const STATE_LABEL: Record<FeedState, string> = { connecting: "connecting", live: "live", retrying: "reconnecting", denied: "no feed" };

export function ArchitectureView() {
  const { cluster, owner } = useCluster();
  // A restricted user may not list nodes: ask first rather than fail a request.
  const mayList = useAsync(() => can(cluster, { verb: "list", group: "", resource: "nodes" }), [cluster]);
  const nodes = useLiveList<KubeObject>(mayList.value ? resourcePath(cluster, { group: "", version: "v1", resource: "nodes" }) : null);
  const nodesError = mayList.value === false ? "you may not list nodes" : (mayList.error ?? nodes.error);
  const [store, setStore] = useState<ActivityStore | null>(null);
  const [state, setState] = useState<FeedState>("connecting");

  useCommitEffect(() => {
    const s = new ActivityStore();
    setStore(s);
    // The feed is the cluster owner's: a ServiceAccount session is told so, without a refused socket.
    setState(owner === false ? "denied" : "connecting");
    const stop = owner ? connectFeed(cluster, s, setState) : undefined;
    return () => {
      stop?.();
      s.close();
    };
  }, [cluster, owner]);

  return (
    <section class="architecture" aria-labelledby="arch-title">
      <div class="row spread">
        <h1 id="arch-title">
          Architecture <span class="sub">who talks to whom, live</span>
        </h1>
        <span class={state === "live" ? "live on" : "live"} id="activity-state" data-state={state}>
          {STATE_LABEL[state]}
        </span>
      </div>
      {state === "denied" && (
        <p class="error" role="status" id="activity-denied">
          The activity feed is for the cluster's owner: sign in with the owner's token (not a ServiceAccount token) to see the components light up.
        </p>
      )}
      {store && <ArchitectureMap store={store} nodes={nodes.items} nodesError={nodesError} cluster={cluster} />}
      <div class="arch-below">
        {store && state !== "denied" && <ActivityLog store={store} />}
        <Legend />
      </div>
    </section>
  );
}

function Legend() {
  return (
    <section class="arch-legend" aria-labelledby="legend-title">
      <h2 id="legend-title">The path of a Deployment</h2>
      <p>
        What <code>kubectl apply</code> of a Deployment (or <code>kubectl create deployment web --image=nginx --replicas=3</code>) sets off:
      </p>
      <ol>
        <li>
          kubectl sends the Deployment to the <strong>kube-apiserver</strong>, which checks who you are, whether you may, and whether the object is valid.
        </li>
        <li>
          The API server stores it in <strong>etcd</strong>. Nothing else writes to etcd; everyone else watches the API server.
        </li>
        <li>
          The <strong>deployment controller</strong> sees a Deployment without a ReplicaSet and creates one.
        </li>
        <li>
          The <strong>replicaset controller</strong> sees a ReplicaSet short of Pods and creates them.
        </li>
        <li>
          The <strong>scheduler</strong> sees Pods with no node and binds each to a node.
        </li>
        <li>
          Each node's <strong>kubelet</strong> sees Pods bound to it, starts their containers and reports their status back.
        </li>
      </ol>
      <p class="hint">
        Green lamps light for 1.5 s after a component's last request; a pulse travels to the API server, then to etcd when the request was stored. A red API server means it refused a request. kube-proxy is greyed out: Kubedo does not simulate it yet.
      </p>
    </section>
  );
}
