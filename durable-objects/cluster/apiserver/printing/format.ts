// Small cell formatters of the core printers (access modes, "+ N more").
const ACCESS_MODES: [string, string][] = [
  ["ReadWriteOnce", "RWO"],
  ["ReadOnlyMany", "ROX"],
  ["ReadWriteMany", "RWX"],
  ["ReadWriteOncePod", "RWOP"],
];

/** helper.GetAccessModesAsString: "RWO,RWX" in kube's fixed order. */
export function accessModes(modes: unknown): string {
  const list = Array.isArray(modes) ? modes : [];
  return ACCESS_MODES.filter(([mode]) => list.includes(mode)).map(([, short]) => short).join(",");
}

/** The first `max` items joined with ",", then " + N more..." for the rest. */
export function listWithMore(items: string[], total: number, max = 3): string {
  const shown = items.slice(0, max).join(",");
  return total > max ? `${shown} + ${total - max} more...` : shown;
}
