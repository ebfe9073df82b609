// The explicit ways to a token in the console: a cluster's setup command (its kubeconfig, fetched
// only when asked for), the kubeconfig download (a plain link: the file goes to disk, never through
// the page's script), and "Show my token". Nothing else in the page ever holds a token.
import { useState } from "hono/jsx/dom";
import { describeError } from "../api/http";
import { management } from "../api/management";
import { useCommitEffect } from "../hooks";
import { CopyButton, setupCommand } from "./copy";

/** Downloads the cluster's kubeconfig (the session's token inside) straight to disk. */
export function DownloadKubeconfig(props: { clusterId: string; id?: string }) {
  return (
    <a id={props.id} class="button" href={management.kubeconfigUrl(props.clusterId)} download={`kubedo-${props.clusterId}.yaml`}>
      Download kubeconfig
    </a>
  );
}

/** A setup command for the cluster, shown (and fetched) once the person asks for it, or at once with `open`. */
export function SetupCommand(props: { clusterId: string; open?: boolean }) {
  const [text, setText] = useState<string | null>(null);
  const [state, setState] = useState<"idle" | "busy" | "error">("idle");
  const [error, setError] = useState<string | null>(null);
  const show = async () => {
    setState("busy");
    try {
      setText(setupCommand(props.clusterId, await management.kubeconfig(props.clusterId)));
      setState("idle");
    } catch (err) {
      setError(describeError(err));
      setState("error");
    }
  };
  useCommitEffect(() => {
    if (props.open) void show();
  }, [props.clusterId]);
  if (text === null) {
    return (
      <p class="actions">
        <button id="show-setup" type="button" disabled={state === "busy"} onClick={show}>
          {state === "busy" ? "Loading…" : "Show setup command"}
        </button>
        <DownloadKubeconfig clusterId={props.clusterId} id="download" />
        {error && (
          <span role="alert" class="error">
            {error}
          </span>
        )}
      </p>
    );
  }
  return (
    <>
      <p>Paste this into a shell: it writes the kubeconfig (it holds your token) and points kubectl at it.</p>
      <pre id="setup" tabindex={0}>
        {text}
      </pre>
      <p class="actions">
        <CopyButton id="copy" text={text} label="Copy setup command" />
        <DownloadKubeconfig clusterId={props.clusterId} id="download" />
        <button type="button" onClick={() => setText(null)}>
          Hide
        </button>
      </p>
    </>
  );
}

/** "Show my token": the session's token, fetched only on this click, hidden again on the next. */
export function ShowToken() {
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (token === null) {
    return (
      <span class="actions">
        <button
          id="show-token"
          type="button"
          onClick={async () => {
            setError(null);
            try {
              setToken((await management.showToken()).token);
            } catch (err) {
              setError(describeError(err));
            }
          }}
        >
          Show my token
        </button>
        {error && (
          <span role="alert" class="error">
            {error}
          </span>
        )}
      </span>
    );
  }
  return (
    <span class="actions">
      <code id="token-value">{token}</code>
      <CopyButton text={token} label="Copy token" />
      <button type="button" onClick={() => setToken(null)}>
        Hide token
      </button>
    </span>
  );
}
