// The cluster clock and timing profile (the owner's cluster operations, /v1/clusters/:id/clock and
// /settings). Advancing the clock runs at once everything that falls due: back-offs, grace periods,
// probes, rollouts waiting on minReadySeconds. The time shown ticks in the page; nothing is polled.
import { useState } from "hono/jsx/dom";
import { ApiError, describeError } from "../api/http";
import { management, TIMING_PROFILES, type ClockState } from "../api/management";
import { useCluster } from "../context";
import { useCommitEffect } from "../hooks";

const STEPS = [
  { seconds: 10, label: "+10 s" },
  { seconds: 60, label: "+1 min" },
  { seconds: 300, label: "+5 min" },
  { seconds: 3600, label: "+1 h" },
];

const PROFILE_HELP: Record<string, string> = {
  instant: "everything happens at once (pulls, starts, probes)",
  fast: "seconds become fractions of a second",
  realistic: "image pulls and starts take as long as on a real cluster",
};

export function ClockPanel() {
  const { cluster, owner } = useCluster();
  const [clock, setClock] = useState<ClockState | null>(null);
  const [profile, setProfile] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [custom, setCustom] = useState("30");
  const [tick, setTick] = useState(Date.now());

  useCommitEffect(() => {
    if (owner === false) {
      setError("The clock and timing profile are for the cluster's owner; this session is a ServiceAccount's.");
      return;
    }
    if (owner === null) return;
    Promise.all([management.clock(cluster), management.settings(cluster)]).then(
      ([c, s]) => {
        setClock(c);
        setProfile(s.timingProfile);
      },
      (err) => setError(err instanceof ApiError && (err.code === 401 || err.code === 404) ? "The clock and timing profile are for the cluster's owner." : describeError(err)),
    );
    // Only the display ticks; the cluster is not asked again.
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [cluster, owner]);

  const advance = async (seconds: number) => {
    setBusy(true);
    setMessage(null);
    try {
      const next = await management.advanceClock(cluster, seconds);
      setClock(next);
      setMessage(`Advanced ${seconds} s; ${next.firedTimers ?? 0} timers fired.`);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const clusterNow = clock ? new Date(tick + clock.offsetSeconds * 1000) : null;
  return (
    <section aria-labelledby="clock-title" class="clock">
      <h1 id="clock-title">Cluster clock</h1>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {clock && (
        <>
          <dl class="facts">
            <dt>Cluster time</dt>
            <dd id="cluster-time">{clusterNow?.toLocaleString()}</dd>
            <dt>Ahead of real time</dt>
            <dd id="clock-offset">{formatSeconds(clock.offsetSeconds)}</dd>
            <dt>Delayed work waiting</dt>
            <dd id="pending-timers">{clock.pendingTimers} timers</dd>
            <dt>Next due</dt>
            <dd>{clock.alarm ? new Date(clock.alarm).toLocaleString() : "nothing (idle)"}</dd>
          </dl>
          <h2>Advance time</h2>
          <div class="row">
            {STEPS.map((s) => (
              <button key={s.seconds} type="button" disabled={busy} onClick={() => advance(s.seconds)}>
                {s.label}
              </button>
            ))}
            <label class="check">
              <span class="visually-hidden">Seconds to advance</span>
              <input id="advance-seconds" type="number" min="1" value={custom} style="width:6rem" onInput={(e: InputEvent) => setCustom((e.target as HTMLInputElement).value)} />
            </label>
            <button id="advance" type="button" disabled={busy || !(Number(custom) > 0)} onClick={() => advance(Number(custom))}>
              Advance
            </button>
          </div>
          {message && (
            <p role="status" id="clock-message">
              {message}
            </p>
          )}
        </>
      )}
      {profile && (
        <>
          <h2>Timing profile</h2>
          <fieldset class="profiles">
            <legend class="visually-hidden">Timing profile</legend>
            {TIMING_PROFILES.map((p) => (
              <label key={p} class="check">
                <input
                  type="radio"
                  name="profile"
                  value={p}
                  checked={profile === p}
                  onChange={async () => {
                    try {
                      await management.setProfile(cluster, p);
                      setProfile(p);
                    } catch (err) {
                      setError(describeError(err));
                    }
                  }}
                />{" "}
                <strong>{p}</strong> — {PROFILE_HELP[p]}
              </label>
            ))}
          </fieldset>
        </>
      )}
    </section>
  );
}

function formatSeconds(s: number): string {
  if (Math.abs(s) < 2) return "0 s";
  const parts: string[] = [];
  let rest = Math.abs(s);
  for (const [unit, size] of [["d", 86400], ["h", 3600], ["min", 60], ["s", 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  return (s < 0 ? "-" : "") + parts.join(" ");
}
