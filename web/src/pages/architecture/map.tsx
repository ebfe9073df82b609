// The architecture map: clients, the control plane (API server, etcd, controller manager with one
// lamp per controller, scheduler) and one box per Node (kubelet, kube-proxy). CSS grid places the
// boxes for the screen's width; the edges and travelling pulses are measured from where they land.
import { useRef, useState } from "hono/jsx/dom";
import type { KubeObject } from "../../api/kube";
import { objectHref } from "../../context";
import { Link } from "../../router";
import { CONTROLLERS, TO_APISERVER_MS, TO_ETCD_MS, type ActivityStore, type Pulse } from "./feed";
import { centre, connect, pathKeyframes, rectIn, type Rect, type Segment } from "./geometry";
import { useCommitEffect } from "../../hooks";

interface Edge {
  /** The component whose activity lights the edge ("controller-manager" for any controller). */
  source: string;
  seg: Segment;
  both?: boolean;
}

/** Re-renders the caller whenever the store changes (at most once per frame). */
export function useStore(store: ActivityStore): number {
  const [version, setVersion] = useState(store.version);
  useCommitEffect(() => store.subscribe(() => setVersion(store.version)), [store]);
  return version;
}

const litClass = (store: ActivityStore, id: string) => (store.isLit(id) ? ` lit beat-${(store.beats.get(id) ?? 0) % 2}` : "");

function Lamp(props: { store: ActivityStore; id: string; label: string; title: string }) {
  const n = props.store.count(props.id);
  return (
    <span class={`lamp${litClass(props.store, props.id)}`} data-component={props.id} data-count={String(n)} title={`${props.title} — ${n} entries`}>
      <span class="lamp-label">{props.label}</span> <span class="lamp-n">{n}</span>
    </span>
  );
}

function Box(props: { store: ActivityStore; id: string; area: string; title: string; desc: string; unit: string; extra?: string }) {
  const n = props.store.count(props.id);
  return (
    <div class={`arch-box area-${props.area}${litClass(props.store, props.id)}${props.extra ?? ""}`} data-component={props.id} data-count={String(n)}>
      <h3>
        <span class="dot" aria-hidden="true" />
        {props.title}
      </h3>
      <p class="desc">{props.desc}</p>
      <p class="n">
        {n} {props.unit}
      </p>
    </div>
  );
}

/** Where a component's edge starts: a kubelet's lamp column within its Node's box; else the element. */
function sourceRect(el: Element, map: Element): Rect {
  const r = rectIn(el, map);
  const node = el.closest(".arch-node");
  if (!node) return r;
  const n = rectIn(node, map);
  return { left: r.left, right: r.right, top: n.top, bottom: n.bottom };
}

function measure(map: HTMLElement): Edge[] {
  const q = (sel: string) => map.querySelector(sel);
  const api = q('[data-component="apiserver"]');
  const etcd = q('[data-component="etcd"]');
  if (!api || !etcd) return [];
  const a = rectIn(api, map);
  const edges: Edge[] = [{ source: "etcd", seg: connect(a, rectIn(etcd, map)), both: true }];
  const to = (source: string, el: Element | null) => el && edges.push({ source, seg: connect(sourceRect(el, map), a) });
  to("client", q('[data-component="client"]'));
  to("controller-manager", q(".arch-cm"));
  to("scheduler", q('[data-component="scheduler"]'));
  for (const k of map.querySelectorAll('[data-component^="kubelet"]')) to(k.getAttribute("data-component")!, k);
  return edges;
}

/** Draws one pulse per (source, outcome) of a feed message, along source → API server (→ etcd). */
function drawPulses(map: HTMLElement, layer: HTMLElement, pulses: Pulse[]): void {
  const api = map.querySelector('[data-component="apiserver"]');
  const etcd = map.querySelector('[data-component="etcd"]');
  if (!api || !etcd) return;
  const a = rectIn(api, map);
  const toEtcd = connect(a, rectIn(etcd, map));
  for (const p of pulses.slice(0, 12)) {
    if (layer.childElementCount > 60) return;
    const points = [];
    if (p.component !== "apiserver") {
      const el = map.querySelector(`[data-component="${CSS.escape(p.component)}"]`);
      if (!el) continue;
      const controller = p.component.startsWith("controller/");
      const box = controller ? el.closest(".arch-cm") : el;
      const seg = connect(sourceRect(box ?? el, map), a);
      if (controller) points.push(centre(rectIn(el, map)));
      points.push(seg.from, seg.to);
    }
    const split = points.length;
    if (p.stored && !p.refused) points.push(toEtcd.from, toEtcd.to);
    if (points.length < 2) continue;
    const both = split > 0 && split < points.length;
    const duration = (split > 0 ? TO_APISERVER_MS : 0) + (split < points.length ? TO_ETCD_MS : 0);
    const dot = document.createElement("span");
    dot.className = `pulse${p.refused ? " refused" : ""}`;
    layer.append(dot);
    const frames = pathKeyframes(points, split || points.length, both ? TO_APISERVER_MS / (TO_APISERVER_MS + TO_ETCD_MS) : 1);
    const anim = dot.animate(frames, { duration, easing: "linear", fill: "forwards" });
    anim.onfinish = () => dot.remove();
    anim.oncancel = () => dot.remove();
  }
}

export function ArchitectureMap(props: { store: ActivityStore; nodes: KubeObject[]; nodesError: string | null; cluster: string }) {
  const { store } = props;
  useStore(store);
  const mapRef = useRef<HTMLDivElement>(null);
  const pulseRef = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState<Edge[]>([]);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const controllers = [...CONTROLLERS, ...store.extraControllers];
  const generic = store.count("kubelet") > 0;
  const shape = `${props.nodes.map((n) => n.metadata.name).join(",")}|${controllers.length}|${generic}`;

  useCommitEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const update = () => {
      setEdges(measure(map));
      setSize({ w: map.offsetWidth, h: map.offsetHeight });
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(map);
    return () => observer.disconnect();
  }, [shape]);

  useCommitEffect(
    () =>
      store.onPulses((pulses) => {
        if (mapRef.current && pulseRef.current) drawPulses(mapRef.current, pulseRef.current, pulses);
      }),
    [store],
  );

  const cmLit = controllers.some((c) => store.isLit(`controller/${c}`));
  const hot = (e: Edge) => (e.source === "controller-manager" ? cmLit : store.isLit(e.source));
  return (
    <div class="arch-wrap">
      <div class="arch-map" ref={mapRef}>
        <svg class="arch-edges" width={size.w} height={size.h} aria-hidden="true">
          <defs>
            <marker id="arch-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0 0 L10 5 L0 10 z" />
            </marker>
          </defs>
          {edges.map((e) => (
            <line
              key={e.source}
              data-edge={e.source}
              class={hot(e) ? "hot" : ""}
              x1={e.seg.from.x}
              y1={e.seg.from.y}
              x2={e.seg.to.x}
              y2={e.seg.to.y}
              marker-end="url(#arch-arrow)"
              marker-start={e.both ? "url(#arch-arrow)" : undefined}
            />
          ))}
        </svg>
        <div class="arch-grid">
          <Box store={store} id="client" area="clients" title="kubectl / clients" desc="kubectl, this console — anything calling the API" unit="requests" />
          <section class="arch-plane" aria-labelledby="arch-plane-title">
            <h3 id="arch-plane-title" class="region-title">
              Control plane
            </h3>
            <div class={`arch-box arch-cm area-cm${cmLit ? " lit" : ""}`}>
              <h3>
                <span class="dot" aria-hidden="true" />
                kube-controller-manager
              </h3>
              <p class="desc">Control loops: each watches objects and writes until what exists matches what was asked for.</p>
              <div class="lamps">
                {controllers.map((c) => (
                  <Lamp key={c} store={store} id={`controller/${c}`} label={c} title={`${c} controller`} />
                ))}
              </div>
            </div>
            <Box store={store} id="scheduler" area="sched" title="kube-scheduler" desc="Picks a node for each new pod and binds it." unit="writes" />
            <Box
              store={store}
              id="apiserver"
              area="api"
              title="kube-apiserver"
              desc="The only door: authenticates, authorizes, validates and admits every request; the only one to talk to etcd."
              unit="requests"
              extra={store.isLit("apiserver!refused") ? " refused" : ""}
            />
            <Box store={store} id="etcd" area="etcd" title="etcd (store)" desc="The cluster's state, versioned; watches stream from it." unit="stored" />
          </section>
          <section class="arch-nodes" aria-labelledby="arch-nodes-title">
            <h3 id="arch-nodes-title" class="region-title">
              Nodes <span class="sub">{props.nodes.length}</span>
            </h3>
            <div class="node-list">
              {props.nodes.map((n) => (
                <NodeBox key={n.metadata.name} store={store} node={n} cluster={props.cluster} />
              ))}
              {generic && (
                <div class="arch-node">
                  <p class="node-name">(node not named)</p>
                  <div class="lamps">
                    <Lamp store={store} id="kubelet" label="kubelet" title="kubelet entries that named no node" />
                  </div>
                </div>
              )}
              {props.nodes.length === 0 && <p class="empty">{props.nodesError ? `Nodes cannot be shown: ${props.nodesError}` : "No nodes."}</p>}
            </div>
          </section>
        </div>
        <div class="arch-pulses" ref={pulseRef} aria-hidden="true" />
      </div>
    </div>
  );
}

function NodeBox(props: { store: ActivityStore; node: KubeObject; cluster: string }) {
  const name = props.node.metadata.name;
  const ready = (props.node.status?.conditions ?? []).find((c: any) => c.type === "Ready")?.status === "True";
  return (
    <div class="arch-node" data-node={name}>
      <p class="node-name">
        <Link href={objectHref(props.cluster, { group: "", version: "v1", resource: "nodes" }, undefined, name)}>{name}</Link>{" "}
        <span class={`pill ${ready ? "ok" : "bad"}`}>{ready ? "Ready" : "NotReady"}</span>
      </p>
      <div class="lamps">
        <Lamp store={props.store} id={`kubelet/${name}`} label="kubelet" title={`kubelet on ${name}: starts the pods bound to this node and reports their status`} />
        <span class="lamp off" data-component={`kube-proxy/${name}`} data-count="0" title="kube-proxy is not simulated yet">
          <span class="lamp-label">kube-proxy</span>
        </span>
      </div>
    </div>
  );
}
