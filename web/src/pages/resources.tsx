// One resource's live list, printed with the server's Table columns (what kubectl get shows; -o wide
// adds the lower-priority ones), coloured by status; names open the object page.
import { useState } from "hono/jsx/dom";
import { resourcePath } from "../api/kube";
import type { TableRow } from "../api/watch";
import { rowTone } from "../components/status";
import { objectHref, useCluster } from "../context";
import { useLiveList } from "../hooks";
import { Link } from "../router";

export function ResourceList(props: { group: string; version: string; resource: string }) {
  const { cluster, resources, namespace } = useCluster();
  const [wide, setWide] = useState(false);
  const info = resources.find((r) => r.group === props.group && r.resource === props.resource);
  const namespaced = info?.namespaced ?? true;
  const path = info || resources.length === 0 ? resourcePath(cluster, props, namespaced && namespace ? namespace : undefined) : null;
  const list = useLiveList<TableRow>(path, { table: true });
  const columns = list.columns.map((c, i) => ({ ...c, i })).filter((c) => wide || !c.priority);
  const showNamespace = namespaced && !namespace;
  const title = info?.kind ?? props.resource;

  if (resources.length > 0 && !info) {
    return (
      <p role="alert" class="error">
        The cluster does not serve {props.resource} in {props.group || "core"}/{props.version}.
      </p>
    );
  }
  return (
    <section aria-labelledby="list-title">
      <div class="row spread">
        <h1 id="list-title">
          {title}
          <span class="sub">
            {" "}
            {props.group ? `${props.group}/${props.version}` : props.version}
            {namespaced ? (namespace ? ` · namespace ${namespace}` : " · all namespaces") : " · cluster-scoped"}
          </span>
        </h1>
        <div class="row">
          <LiveBadge live={list.live} synced={list.synced} />
          <label class="check">
            <input type="checkbox" checked={wide} onChange={(e: Event) => setWide((e.target as HTMLInputElement).checked)} /> wide
          </label>
        </div>
      </div>
      {list.error && (
        <p role="alert" class="error">
          {list.error}
        </p>
      )}
      {list.synced && list.items.length === 0 ? (
        <p class="empty">No {title} {namespaced && namespace ? `in ${namespace}` : "found"}.</p>
      ) : (
        <div class="table-wrap">
          <table class="grid" data-resource={props.resource}>
            <thead>
              <tr>
                {showNamespace && <th scope="col">NAMESPACE</th>}
                {columns.map((c) => (
                  <th scope="col" key={c.name} title={c.description}>
                    {c.name.toUpperCase()}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.items.map((row) => {
                const meta = row.object.metadata;
                return (
                  <tr key={meta.uid ?? meta.name} class={`tone-${rowTone(list.columns, row.cells, row.object)}`} data-name={meta.name}>
                    {showNamespace && <td>{meta.namespace}</td>}
                    {columns.map((c) => (
                      <td key={c.name}>
                        {c.format === "name" ? <Link href={objectHref(cluster, props, meta.namespace, meta.name)}>{String(row.cells[c.i] ?? "")}</Link> : String(row.cells[c.i] ?? "")}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function LiveBadge(props: { live: boolean; synced: boolean }) {
  return (
    <span class={`live ${props.live ? "on" : "off"}`} role="status" title={props.live ? "Watching for changes" : "Reconnecting"}>
      {props.live ? "live" : props.synced ? "reconnecting" : "loading"}
    </span>
  );
}
