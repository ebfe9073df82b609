// A pod's container logs. Following reads the streamed body of one `log?follow=true` request (aborted
// when the choice changes or the tab closes); otherwise one GET. Keeps the last MAX_LINES lines and
// sticks to the bottom while following unless the reader has scrolled up.
import { useRef, useState } from "hono/jsx/dom";
import type { KubeObject } from "../../api/kube";
import type { Status } from "../../api/http";
import { useCommitEffect } from "../../hooks";

const MAX_LINES = 2000;

interface Container {
  name: string;
  init: boolean;
}

/** Something that changes when the container (re)starts, so a waiting container's logs are asked for again once it runs. */
function runKey(pod: KubeObject, c: string): string {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])] as any[];
  const s = statuses.find((x) => x.name === c);
  return `${s?.restartCount ?? 0}:${s?.state?.running?.startedAt ?? (s?.state?.terminated ? "terminated" : "waiting")}`;
}

export function LogsTab(props: { pod: KubeObject; path: string }) {
  const { pod } = props;
  const containers: Container[] = [
    ...((pod.spec?.initContainers ?? []) as { name: string }[]).map((c) => ({ name: c.name, init: true })),
    ...((pod.spec?.containers ?? []) as { name: string }[]).map((c) => ({ name: c.name, init: false })),
  ];
  const preferred = pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"];
  const [container, setContainer] = useState(() => (preferred && containers.some((c) => c.name === preferred) ? preferred : (containers.find((c) => !c.init)?.name ?? containers[0]?.name ?? "")));
  const [follow, setFollow] = useState(true);
  const [previous, setPrevious] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [state, setState] = useState<"loading" | "following" | "ended" | "done">("loading");
  const pre = useRef<HTMLPreElement>(null);
  const stuck = useRef(true); // at the bottom: keep following the end
  const streaming = follow && !previous; // the server ignores follow with previous
  const key = runKey(pod, container);

  useCommitEffect(() => {
    if (!container) return;
    const abort = new AbortController();
    let lines: string[] = [];
    let partial = "";
    let frame = 0;
    const show = () => {
      // Many chunks arrive between frames; the DOM is written once per frame.
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setText(lines.join("\n") + (partial ? (lines.length ? "\n" : "") + partial : ""));
      });
    };
    const add = (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      lines.push(...parts);
      if (lines.length > MAX_LINES) lines = lines.slice(-MAX_LINES);
      show();
    };
    setText("");
    setError(null);
    setState("loading");
    stuck.current = true;
    const q = new URLSearchParams({ container, tailLines: "500" });
    if (streaming) q.set("follow", "true");
    if (previous) q.set("previous", "true");
    (async () => {
      const res = await fetch(`${props.path}/log?${q}`, { credentials: "same-origin", signal: abort.signal });
      if (!res.ok) {
        const body = await res.text();
        let status: Status | null = null;
        try {
          status = JSON.parse(body) as Status;
        } catch {
          // not a Status
        }
        setError(status?.message ?? (body || `${res.status} ${res.statusText}`));
        setState("done");
        return;
      }
      if (!streaming || !res.body) {
        add(await res.text());
        setState("done");
        return;
      }
      setState("following");
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        add(value);
      }
      setState("ended");
    })().catch((err: unknown) => {
      if (abort.signal.aborted) return;
      setError(err instanceof Error ? err.message : String(err));
      setState("done");
    });
    return () => {
      abort.abort();
      cancelAnimationFrame(frame);
    };
  }, [props.path, container, streaming, previous, key]);

  useCommitEffect(() => {
    const el = pre.current;
    if (el && stuck.current) el.scrollTop = el.scrollHeight;
  }, [text]);

  const status = error ? "" : state === "loading" ? "Loading…" : state === "following" ? `Following ${container}` : state === "ended" ? `The log stream of ${container} ended.` : "";
  return (
    <>
      <div class="row obj-log-controls">
        <label class="check">
          Container
          <select id="log-container" value={container} onChange={(e: Event) => setContainer((e.target as HTMLSelectElement).value)}>
            {containers.map((c) => (
              <option key={c.name} value={c.name} selected={c.name === container}>
                {c.name}
                {c.init ? " (init)" : ""}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" id="log-follow" checked={follow} disabled={previous} onChange={(e: Event) => setFollow((e.target as HTMLInputElement).checked)} /> Follow
        </label>
        <label class="check">
          <input type="checkbox" id="log-previous" checked={previous} onChange={(e: Event) => setPrevious((e.target as HTMLInputElement).checked)} /> Previous
        </label>
        <span role="status" class="hint" id="log-state" data-state={error ? "error" : state}>
          {status}
        </span>
      </div>
      {error && (
        <p role="alert" class="error" id="log-error">
          {error}
        </p>
      )}
      <pre
        id="logs"
        ref={pre}
        tabindex={0}
        aria-label={`Log of ${container}`}
        onScroll={(e: Event) => {
          const el = e.currentTarget as HTMLElement;
          stuck.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
        }}
      >
        {text}
      </pre>
    </>
  );
}
