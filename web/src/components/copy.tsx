// A button that copies text, saying so.
import { useState } from "hono/jsx/dom";

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
