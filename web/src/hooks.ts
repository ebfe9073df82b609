// Small hooks shared by the pages.
import { useEffect, useState } from "hono/jsx/dom";
import { describeError } from "./api/http";
import { watchList, type LiveOptions, type LiveState, type TableRow } from "./api/watch";
import type { KubeObject } from "./api/kube";

/** A live collection (list + watch); `path` null means nothing to watch yet. */
export function useLiveList<T extends KubeObject | TableRow>(path: string | null, opts: LiveOptions = {}): LiveState<T> {
  const [state, setState] = useState<LiveState<T>>({ items: [], columns: [], synced: false, error: null, live: false });
  const key = `${path}|${opts.table ? 1 : 0}|${opts.labelSelector ?? ""}|${opts.fieldSelector ?? ""}`;
  useEffect(() => {
    setState({ items: [], columns: [], synced: false, error: null, live: false });
    if (!path) return;
    return watchList<T>(path, opts, setState);
  }, [key]);
  return state;
}

export interface AsyncState<T> {
  value: T | undefined;
  error: string | null;
  loading: boolean;
}

/** The result of an async call, redone when `deps` change. */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[]): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ value: undefined, error: null, loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    fn().then(
      (value) => current && setState({ value, error: null, loading: false }),
      (err) => current && setState({ value: undefined, error: describeError(err), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}
