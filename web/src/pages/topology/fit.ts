// Names that do not fit a box lose their middle, not their end: a pod's random suffix is what tells
// pods apart. Measured with a canvas in the page's own font, so it fits whatever font the system has.
const cache = new Map<string, string>();
let ctx: CanvasRenderingContext2D | null | undefined;

export function fitText(text: string, width: number, font: string): string {
  const key = `${font}|${width}|${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  ctx ??= document.createElement("canvas").getContext("2d");
  if (!ctx) return text;
  ctx.font = font;
  let out = text;
  if (ctx.measureText(text).width > width) {
    for (let keep = text.length - 1; keep > 3; keep--) {
      const tail = Math.ceil(keep * 0.6);
      out = `${text.slice(0, keep - tail)}…${text.slice(-tail)}`;
      if (ctx.measureText(out).width <= width) break;
    }
  }
  if (cache.size > 2000) cache.clear();
  cache.set(key, out);
  return out;
}

/** The font of box names (see .topo-name in topology.css). */
export const nameFont = () => `600 ${0.76 * 16}px ${getComputedStyle(document.body).fontFamily}`;
