// A button that copies text, saying so.
import { useMemo, useState } from "hono/jsx/dom";
import { useCommitEffect } from "../hooks";

export function CopyButton(props: { text: string; label: string; id?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      id={props.id}
      onClick={async () => {
        await navigator.clipboard.writeText(props.text).catch(() => undefined);
        setDone(true);
        setTimeout(() => setDone(false), 1500);
      }}
    >
      {done ? "Copied" : props.label}
    </button>
  );
}

/** A shell command that writes a kubeconfig and selects it, for copying in one piece. */
export function setupCommand(clusterId: string, kubeconfig: string): string {
  const file = `$HOME/.kube/kubedo-${clusterId}.yaml`;
  return `mkdir -p "$HOME/.kube" && cat > "${file}" <<'KUBEDO_KUBECONFIG'\n${kubeconfig.trimEnd()}\nKUBEDO_KUBECONFIG\nexport KUBECONFIG="${file}"`;
}

/** An object URL for downloading text (revoked when the text changes). */
export function useDownloadUrl(text: string | undefined): string | undefined {
  const url = useMemo(() => (text === undefined ? undefined : URL.createObjectURL(new Blob([text], { type: "application/yaml" }))), [text]);
  useCommitEffect(() => () => url && URL.revokeObjectURL(url), [url]);
  return url;
}
