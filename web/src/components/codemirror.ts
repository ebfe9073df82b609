// CodeMirror 6 with YAML highlighting: its own chunk, loaded when the first editor opens.
import { yaml } from "@codemirror/lang-yaml";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { basicSetup } from "codemirror";

export interface EditorOptions {
  parent: HTMLElement;
  doc: string;
  label: string;
  readOnly: boolean;
  onChange(text: string): void;
}

export interface Editor {
  destroy(): void;
  setDoc(text: string): void;
  setReadOnly(readOnly: boolean): void;
  focus(): void;
}

export function createEditor(opts: EditorOptions): Editor {
  const editable = new Compartment();
  const view = new EditorView({
    parent: opts.parent,
    state: EditorState.create({
      doc: opts.doc,
      extensions: [
        basicSetup,
        yaml(),
        EditorView.lineWrapping,
        EditorState.tabSize.of(2),
        EditorView.contentAttributes.of({ "aria-label": opts.label }),
        editable.of(EditorView.editable.of(!opts.readOnly)),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) opts.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    destroy: () => view.destroy(),
    setDoc(text: string) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setReadOnly: (readOnly: boolean) => view.dispatch({ effects: editable.reconfigure(EditorView.editable.of(!readOnly)) }),
    focus: () => view.focus(),
  };
}
