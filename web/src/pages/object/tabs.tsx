// A tab list as the ARIA tabs pattern asks: one tab in the Tab order, arrow keys (and Home/End) move
// between tabs and select them; the caller renders only the selected panel, labelled by its tab.
export interface TabSpec {
  id: string;
  label: string;
}

export const tabId = (id: string) => `tab-${id}`;
export const panelId = (id: string) => `panel-${id}`;

export function TabList(props: { tabs: TabSpec[]; selected: string; onSelect(id: string): void; label: string }) {
  const { tabs, selected } = props;
  const move = (e: KeyboardEvent) => {
    const at = tabs.findIndex((t) => t.id === selected);
    let next = -1;
    if (e.key === "ArrowRight") next = (at + 1) % tabs.length;
    else if (e.key === "ArrowLeft") next = (at - 1 + tabs.length) % tabs.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const tab = tabs[next]!;
    props.onSelect(tab.id);
    document.getElementById(tabId(tab.id))?.focus();
  };
  return (
    <div role="tablist" aria-label={props.label} class="obj-tabs" onKeyDown={move}>
      {tabs.map((t) => (
        <button
          type="button"
          role="tab"
          key={t.id}
          id={tabId(t.id)}
          aria-selected={t.id === selected ? "true" : "false"}
          aria-controls={t.id === selected ? panelId(t.id) : undefined}
          tabindex={t.id === selected ? 0 : -1}
          onClick={() => props.onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
