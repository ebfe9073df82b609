// The object's events, live: core/v1 events selected on the server by involvedObject.uid (the API
// server indexes that field), newest first, Warnings coloured.
import { clusterBase, type KubeObject } from "../../api/kube";
import { useLiveList } from "../../hooks";
import { age } from "./util";

interface CoreEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
}

const lastSeen = (e: CoreEvent) => e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? "";

export function EventsTab(props: { cluster: string; object: KubeObject; now: number }) {
  const { namespace, uid } = props.object.metadata;
  // Events of a cluster-scoped object (a Node) live in whatever namespace the reporter chose.
  const path = `${clusterBase(props.cluster)}/api/v1${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ""}/events`;
  const events = useLiveList<CoreEvent>(uid ? path : null, { fieldSelector: `involvedObject.uid=${uid}` });
  const rows = [...events.items].sort((a, b) => lastSeen(b).localeCompare(lastSeen(a)));
  return (
    <>
      {events.error && (
        <p role="alert" class="error">
          {events.error}
        </p>
      )}
      <div class="table-wrap">
        <table class="grid events" id="events" aria-busy={events.synced ? "false" : "true"}>
          <thead>
            <tr>
              <th scope="col">TYPE</th>
              <th scope="col">REASON</th>
              <th scope="col">LAST SEEN</th>
              <th scope="col">FROM</th>
              <th scope="col">COUNT</th>
              <th scope="col">MESSAGE</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.metadata.uid ?? e.metadata.name} class={e.type === "Warning" ? "tone-warn warning" : undefined} data-reason={e.reason}>
                <td>{e.type === "Warning" ? <span class="pill warn">Warning</span> : (e.type ?? "")}</td>
                <td>{e.reason}</td>
                <td title={`first ${e.firstTimestamp ?? e.eventTime ?? "?"}, last ${lastSeen(e)}`}>{age(lastSeen(e), props.now)}</td>
                <td>{e.source?.component ?? e.reportingComponent ?? ""}</td>
                <td>{e.series?.count ?? e.count ?? 1}</td>
                <td class="message">{e.message}</td>
              </tr>
            ))}
            {events.synced && rows.length === 0 && (
              <tr>
                <td colspan={6} class="empty">
                  No events for this object.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
