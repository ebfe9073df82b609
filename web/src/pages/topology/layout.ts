// Where the topology's boxes go: one column per kind. Pods are stacked in the order of their
// owners; every other box sits level with the mean of the pods it leads to (a Deployment with its
// ReplicaSets, a Service with the Pods it selects, a Node with the Pods bound to it), pushed down
// just enough not to overlap the box above. Fewer edges cross that way, with no layout library.
import { KINDS, type Box, type Kind } from "./model";

export const BOX_W = 176;
export const BOX_H = 46;
export const COL_GAP = 28;
export const ROW = 56;
/** Room for the column headings. */
export const TOP = 30;

export interface Placed extends Box {
  x: number;
  y: number;
}

export interface Layout {
  columns: { kind: Kind; x: number; count: number }[];
  boxes: Placed[];
  edges: { from: Placed; to: Placed }[];
  width: number;
  height: number;
}

const mean = (ys: number[]) => (ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : null);

/** Places `items` top to bottom in the given order, each at its wanted y or just below the previous. */
function sweep(items: { box: Box; want: number | null }[], x: number, into: Map<string, Placed>, sortByWant: boolean): void {
  const order = sortByWant ? [...items].sort((a, b) => (a.want ?? Infinity) - (b.want ?? Infinity)) : items;
  let next = TOP;
  for (const { box, want } of order) {
    const y = Math.max(next, want ?? next);
    into.set(box.id, { ...box, x, y });
    next = y + ROW;
  }
}

export function layout(graph: Record<Kind, Box[]>): Layout {
  const x = (kind: Kind) => KINDS.indexOf(kind) * (BOX_W + COL_GAP);
  const placed = new Map<string, Placed>();
  const byId = new Map<string, Box>();
  for (const k of KINDS) for (const b of graph[k]) byId.set(b.id, b);

  // Order ReplicaSets by Deployment (live ones before scaled-to-zero ones), then Pods by ReplicaSet.
  const rsOrder: Box[] = [];
  const seen = new Set<string>();
  const take = (b: Box | undefined, into: Box[]) => {
    if (b && !seen.has(b.id)) {
      seen.add(b.id);
      into.push(b);
    }
  };
  for (const d of graph.Deployment) {
    const mine = d.out.map((id) => byId.get(id)).filter((b): b is Box => !!b);
    for (const b of [...mine.filter((b) => !b.faded), ...mine.filter((b) => b.faded)]) take(b, rsOrder);
  }
  for (const b of graph.ReplicaSet) take(b, rsOrder);
  const podOrder: Box[] = [];
  for (const rs of rsOrder) for (const id of rs.out) take(byId.get(id), podOrder);
  for (const p of graph.Pod) take(p, podOrder);

  sweep(podOrder.map((box) => ({ box, want: null })), x("Pod"), placed, false);
  const yOf = (ids: string[]) => mean(ids.map((id) => placed.get(id)?.y).filter((y): y is number => y !== undefined));
  sweep(rsOrder.map((box) => ({ box, want: yOf(box.out) })), x("ReplicaSet"), placed, false);
  sweep(graph.Deployment.map((box) => ({ box, want: yOf(box.out) })), x("Deployment"), placed, false);
  sweep(graph.Service.map((box) => ({ box, want: yOf(box.out) })), x("Service"), placed, true);
  // A Node's pods point at it; ask them where they are.
  const podsOn = new Map<string, string[]>();
  for (const p of graph.Pod) for (const n of p.out) podsOn.set(n, [...(podsOn.get(n) ?? []), p.id]);
  sweep(graph.Node.map((box) => ({ box, want: yOf(podsOn.get(box.id) ?? []) })), x("Node"), placed, true);

  const boxes = [...placed.values()];
  const edges: Layout["edges"] = [];
  for (const from of boxes) {
    for (const id of from.out) {
      const to = placed.get(id);
      if (to) edges.push({ from, to });
    }
  }
  const height = Math.max(TOP + BOX_H, ...boxes.map((b) => b.y + BOX_H)) + 8;
  return {
    columns: KINDS.map((kind) => ({ kind, x: x(kind), count: graph[kind].length })),
    boxes,
    edges,
    width: KINDS.length * BOX_W + (KINDS.length - 1) * COL_GAP,
    height,
  };
}
