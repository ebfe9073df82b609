// The -o wide columns every workload Table ends with (CONTAINERS, IMAGES, SELECTOR), laid out as
// printers.go's layoutContainerCells and metav1.FormatLabelSelector do.
import { at, column } from "../registry/define";
import type { PrinterColumn } from "../registry/types";
import { formatLabelSelector } from "../validation/label-selector";
import { objects, str } from "../validation/values";

/** Container names and images of a pod template, comma-separated. */
export function containerCells(template: unknown): { names: string; images: string } {
  const containers = objects(at(template, "spec.containers"));
  return { names: containers.map((c) => str(c.name)).join(","), images: containers.map((c) => str(c.image)).join(",") };
}

/** CONTAINERS and IMAGES (priority 1) for the pod template at `templatePath`. */
export function containerColumns(templatePath: string): PrinterColumn[] {
  return [
    column("Containers", (o) => containerCells(at(o, templatePath)).names, { priority: 1, description: "Names of each container in the template." }),
    column("Images", (o) => containerCells(at(o, templatePath)).images, { priority: 1, description: "Images referenced by each container in the template." }),
  ];
}

/** SELECTOR (priority 1): metav1.FormatLabelSelector of the selector at `path`. */
export function selectorColumn(path: string, description: string): PrinterColumn {
  return column("Selector", (o) => formatLabelSelector(at(o, path)), { priority: 1, description });
}

/** An integer cell read from a dotted path (0 when absent, as Go's zero value prints). */
export const count = (path: string) => (o: unknown) => {
  const v = at(o, path);
  return typeof v === "number" ? v : 0;
};
