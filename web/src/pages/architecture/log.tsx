// The activity log under the map: the last 100 entries, newest first, with a Pause toggle that
// freezes what is shown (the map keeps counting) so a learner can read a burst line by line.
import { useState } from "hono/jsx/dom";
import type { ActivityStore, LogLine } from "./feed";
import { useStore } from "./map";

export function ActivityLog(props: { store: ActivityStore }) {
  const { store } = props;
  useStore(store);
  const [frozen, setFrozen] = useState<{ lines: LogLine[]; seq: number } | null>(null);
  const lines = frozen ? frozen.lines : store.log;
  const waiting = frozen ? store.seq - frozen.seq : 0;
  return (
    <section class="arch-log-panel" aria-labelledby="activity-title">
      <div class="row spread">
        <h2 id="activity-title">Activity</h2>
        <div class="row">
          {frozen && (
            <span class="hint" id="activity-waiting">
              {waiting} new while paused
            </span>
          )}
          <button type="button" id="activity-pause" aria-pressed={frozen ? "true" : "false"} onClick={() => setFrozen(frozen ? null : { lines: [...store.log], seq: store.seq })}>
            {frozen ? "Resume" : "Pause"}
          </button>
        </div>
      </div>
      {lines.length === 0 ? (
        <p class="empty" id="activity-empty">
          Nothing yet. Run a kubectl command, or change something in this console, and watch it travel.
        </p>
      ) : null}
      <ol id="activity-log" class="arch-log" tabindex={0} aria-label="Activity, most recent first">
        {lines.map((l) => (
          <li key={l.seq} class={l.refused ? "refused" : ""} data-source={l.component || undefined}>
            {l.time && <time>{l.time}</time>}
            {l.time ? " " : ""}
            {l.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
