// Live lists: list, then watch from the list's resourceVersion over a WebSocket (a browser keeps
// only six HTTP/1.1 streams per host; WebSockets do not count), resuming from the last
// resourceVersion seen when the connection drops, and listing again on 410 Gone. No polling.
import { ApiError, request, socketUrl, TABLE_ACCEPT } from "./http";
import type { KubeObject } from "./kube";

export interface ColumnDefinition {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
}

export interface TableRow {
  cells: unknown[];
  object: KubeObject;
}

export interface LiveState<T> {
  items: T[];
  /** Server Table columns (table mode). */
  columns: ColumnDefinition[];
  synced: boolean;
  error: string | null;
  /** Whether the watch is connected right now. */
  live: boolean;
}

export interface LiveOptions {
  /** Rows of the server's Table (what kubectl prints) instead of objects. */
  table?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
}

const TABLE_SUBPROTOCOL = "table.v1.meta.k8s.io";
const MAX_BACKOFF_MS = 30_000;

const keyOf = (o: KubeObject) => o.metadata.uid ?? `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
const byName = (a: KubeObject, b: KubeObject) =>
  (a.metadata.namespace ?? "").localeCompare(b.metadata.namespace ?? "") || a.metadata.name.localeCompare(b.metadata.name);

/** Keeps `onChange` told of a collection's current contents until the returned function is called. */
export function watchList<T extends KubeObject | TableRow>(collectionPath: string, opts: LiveOptions, onChange: (state: LiveState<T>) => void): () => void {
  const items = new Map<string, T>();
  let columns: ColumnDefinition[] = [];
  let resourceVersion = "";
  let socket: WebSocket | null = null;
  let stopped = false;
  let backoff = 1000;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let frame = 0;
  let state: LiveState<T> = { items: [], columns, synced: false, error: null, live: false };
  const objectOf = (item: T) => ("cells" in item ? item.object : item) as KubeObject;

  const publish = (patch: Partial<LiveState<T>> = {}) => {
    state = { ...state, ...patch };
    if (frame) return;
    // Bursts of events (a rollout) render once per frame.
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (stopped) return;
      const sorted = [...items.values()].sort((a, b) => byName(objectOf(a), objectOf(b)));
      onChange({ ...state, items: sorted, columns });
    });
  };

  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams(extra);
    if (opts.labelSelector) q.set("labelSelector", opts.labelSelector);
    if (opts.fieldSelector) q.set("fieldSelector", opts.fieldSelector);
    return `${collectionPath}?${q}`;
  };

  const absorbTable = (table: { columnDefinitions?: ColumnDefinition[]; rows?: TableRow[] }, type?: string) => {
    if (table.columnDefinitions?.length) columns = table.columnDefinitions;
    for (const row of table.rows ?? []) {
      if (type === "DELETED") items.delete(keyOf(row.object));
      else items.set(keyOf(row.object), row as T);
    }
  };

  const list = async () => {
    try {
      const body = await request<any>("GET", query(opts.table ? { includeObject: "Object" } : {}), opts.table ? { accept: TABLE_ACCEPT } : {});
      if (stopped) return;
      items.clear();
      if (opts.table) absorbTable(body);
      else for (const o of body.items as KubeObject[]) items.set(keyOf(o), { ...o, kind: o.kind ?? body.kind?.replace(/List$/, ""), apiVersion: o.apiVersion ?? body.apiVersion } as T);
      resourceVersion = body.metadata?.resourceVersion ?? "";
      publish({ synced: true, error: null });
      watch();
    } catch (err) {
      if (stopped) return;
      publish({ error: err instanceof Error ? err.message : String(err), live: false });
      // Not allowed, or not served: asking again will not change that.
      if (err instanceof ApiError && [401, 403, 404, 405].includes(err.code)) return;
      scheduleRetry(list);
    }
  };

  const scheduleRetry = (what: () => void) => {
    clearTimeout(retry);
    retry = setTimeout(what, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  };

  const watch = () => {
    const q: Record<string, string> = { watch: "1", allowWatchBookmarks: "true", resourceVersion };
    if (opts.table) q.includeObject = "Object";
    const ws = opts.table ? new WebSocket(socketUrl(query(q)), [TABLE_SUBPROTOCOL]) : new WebSocket(socketUrl(query(q)));
    socket = ws;
    ws.onopen = () => {
      backoff = 1000;
      publish({ live: true, error: null });
    };
    ws.onmessage = (m) => {
      const event = JSON.parse(m.data as string) as { type: string; object: any };
      if (event.type === "ERROR") {
        // 410 Gone: the resourceVersion fell out of the window; start over from a fresh list.
        if (event.object?.code === 410) resourceVersion = "";
        publish({ error: event.object?.message ?? "watch error" });
        return;
      }
      const rv = event.object?.metadata?.resourceVersion;
      if (rv) resourceVersion = rv;
      if (event.type === "BOOKMARK") return;
      if (opts.table) absorbTable(event.object, event.type);
      else if (event.type === "DELETED") items.delete(keyOf(event.object));
      else items.set(keyOf(event.object), event.object as T);
      publish();
    };
    ws.onclose = () => {
      if (socket !== ws || stopped) return;
      publish({ live: false });
      scheduleRetry(resourceVersion ? watch : list);
    };
  };

  void list();
  return () => {
    stopped = true;
    clearTimeout(retry);
    cancelAnimationFrame(frame);
    socket?.close();
  };
}
