// Small hooks shared by the pages.
import { useLayoutEffect, useState } from "hono/jsx/dom";
import { describeError } from "./api/http";
import { watchList, type LiveOptions, type LiveState, type TableRow } from "./api/watch";
import type { KubeObject } from "./api/kube";

/**
 * The console's effect hook: use it (never useEffect) for effects that open something (a WebSocket,
 * a stream, a timer, a request). hono/jsx/dom 4.13 queues a useEffect that has not run yet once more
 * each time an ancestor re-renders before the next frame, runs every copy and keeps only the last
 * cleanup, so sockets and editors leaked (seen in Chromium: two or three sockets per live list, up
 * to five editors in one). useLayoutEffect runs once per commit.
 */
export const useCommitEffect = useLayoutEffect;

/** A live collection (list + watch); `path` null means nothing to watch yet. */
export function useLiveList<T extends KubeObject | TableRow>(path: string | null, opts: LiveOptions = {}): LiveState<T> {
  const [state, setState] = useState<LiveState<T>>({ items: [], columns: [], synced: false, error: null, live: false });
  const key = `${path}|${opts.table ? 1 : 0}|${opts.labelSelector ?? ""}|${opts.fieldSelector ?? ""}`;
  useCommitEffect(() => {
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
  useCommitEffect(() => {
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
