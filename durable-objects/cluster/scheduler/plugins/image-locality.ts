// ImageLocality: favours nodes that already have the pod's images, scaled by how widely the image is spread.
import { MAX_NODE_SCORE, type Plugin } from "../framework";

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** Adds ":latest" when the image has neither tag nor digest. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(":") <= name.lastIndexOf("/") && !name.includes("@")) return `${name}:latest`;
  return name;
}

export const imageLocality: Plugin = {
  name: "ImageLocality",
  weight: 1,
  create: ({ pod, cache, nodes }) => {
    const images = pod.images.map(normalizedImageName);
    const total = nodes.length;
    return {
      preScore: () => images.length > 0,
      score: (node) => {
        let sum = 0;
        for (const img of images) {
          const size = node.images.get(img);
          if (size === undefined) continue;
          sum += Math.trunc(size * (cache.imageNodeCount(img) / total));
        }
        const max = MAX_CONTAINER_THRESHOLD * images.length;
        const clamped = Math.min(Math.max(sum, MIN_THRESHOLD), max);
        return Math.trunc((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
      },
    };
  },
};
