// Edges of the architecture map, measured from the laid-out boxes (CSS grid decides where they go,
// at any width), so the lines and pulses follow whatever layout the screen gets.

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Segment {
  from: Point;
  to: Point;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));
const INSET = 14;

/** An element's rectangle relative to the map's. */
export function rectIn(el: Element, map: Element): Rect {
  const a = el.getBoundingClientRect();
  const m = map.getBoundingClientRect();
  return { left: a.left - m.left, top: a.top - m.top, right: a.right - m.left, bottom: a.bottom - m.top };
}

export const centre = (r: Rect): Point => ({ x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2 });

/**
 * The line between the facing sides of two boxes: straight across where they overlap (a kubelet
 * below the API server gets a vertical line), else between the nearest points of those sides.
 */
export function connect(s: Rect, t: Rect): Segment {
  const along = (a1: number, a2: number, b1: number, b2: number): [number, number] => {
    const lo = Math.max(a1, b1) + INSET;
    const hi = Math.min(a2, b2) - INSET;
    if (lo <= hi) return [(lo + hi) / 2, (lo + hi) / 2];
    return [clamp((b1 + b2) / 2, a1 + INSET, a2 - INSET), clamp((a1 + a2) / 2, b1 + INSET, b2 - INSET)];
  };
  if (s.bottom <= t.top || s.top >= t.bottom) {
    const [xs, xt] = along(s.left, s.right, t.left, t.right);
    return s.bottom <= t.top ? { from: { x: xs, y: s.bottom }, to: { x: xt, y: t.top } } : { from: { x: xs, y: s.top }, to: { x: xt, y: t.bottom } };
  }
  const [ys, yt] = along(s.top, s.bottom, t.top, t.bottom);
  return s.right <= t.left ? { from: { x: s.right, y: ys }, to: { x: t.left, y: yt } } : { from: { x: s.left, y: ys }, to: { x: t.right, y: yt } };
}

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** WAAPI keyframes moving along `points`, the first `split` points within `firstShare` of the time. */
export function pathKeyframes(points: Point[], split: number, firstShare: number): Keyframe[] {
  const frames: Keyframe[] = [];
  const leg = (from: number, to: number, start: number, share: number) => {
    let total = 0;
    for (let i = from + 1; i <= to; i++) total += dist(points[i - 1]!, points[i]!);
    let run = 0;
    for (let i = from; i <= to; i++) {
      if (i > from) run += dist(points[i - 1]!, points[i]!);
      if (i === from && frames.length) continue;
      frames.push({ transform: `translate(${points[i]!.x}px, ${points[i]!.y}px)`, offset: start + (total ? (run / total) * share : share) });
    }
  };
  leg(0, split - 1, 0, split < points.length ? firstShare : 1);
  if (split < points.length) leg(split - 1, points.length - 1, firstShare, 1 - firstShare);
  return frames;
}
