// A YAML code editor (CodeMirror, loaded on first use). `value` replaces the text whenever it
// changes from outside; edits are reported through onChange. Tab is left to keyboard navigation.
import { useRef, useState } from "hono/jsx/dom";
import type { Editor } from "./codemirror";
import { useCommitEffect } from "../hooks";

export function YamlEditor(props: { value: string; onChange(text: string): void; label: string; readOnly?: boolean; id?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Editor | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const [failed, setFailed] = useState<string | null>(null);

  useCommitEffect(() => {
    let disposed = false;
    import("./codemirror").then(
      ({ createEditor }) => {
        if (disposed || !host.current) return;
        editor.current = createEditor({ parent: host.current, doc: props.value, label: props.label, readOnly: !!props.readOnly, onChange: (t) => onChange.current(t) });
      },
      (err) => setFailed(String(err)),
    );
    return () => {
      disposed = true;
      editor.current?.destroy();
      editor.current = null;
    };
  }, []);
  useCommitEffect(() => editor.current?.setDoc(props.value), [props.value]);
  useCommitEffect(() => editor.current?.setReadOnly(!!props.readOnly), [props.readOnly]);

  return (
    <div class="yaml-editor" id={props.id} data-ready={editor.current ? "true" : "false"}>
      {failed && <p class="error">The editor failed to load: {failed}</p>}
      <div ref={host} />
    </div>
  );
}
