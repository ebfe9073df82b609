// The kubelet's back-off (client-go flowcontrol.Backoff as the kubelet uses it): 10 s initial,
// doubling, capped at 300 s; an entry untouched for twice the cap (10 minutes) starts over.
// Used for restarting crashed containers (CrashLoopBackOff) and for image pulls (ImagePullBackOff).

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

/** One back-off entry: the current delay and when it was last bumped. JSON-serialisable. */
export interface BackoffEntry {
  delayMs: number;
  lastUpdate: number;
}

function expired(entry: BackoffEntry, eventTime: number): boolean {
  return eventTime - entry.lastUpdate > 2 * MAX_BACKOFF_MS;
}

/**
 * Whether an event at `eventTime` (a container's finish, a failed pull) is still inside its
 * back-off at `now` (flowcontrol's IsInBackOffSince). Until when: `eventTime + delayMs`.
 */
export function inBackoffSince(entry: BackoffEntry | null | undefined, eventTime: number, now: number): boolean {
  if (!entry || expired(entry, eventTime)) return false;
  return now - eventTime < entry.delayMs;
}

/** When the back-off for an event at `eventTime` ends, or null when it is not backing off at all. */
export function backoffEnd(entry: BackoffEntry | null | undefined, eventTime: number): number | null {
  if (!entry || expired(entry, eventTime)) return null;
  return eventTime + entry.delayMs;
}

/** Records an event: starts at 10 s, or doubles (capped at 300 s) (flowcontrol's Next). */
export function nextBackoff(entry: BackoffEntry | null | undefined, eventTime: number): BackoffEntry {
  if (!entry || expired(entry, eventTime)) return { delayMs: INITIAL_BACKOFF_MS, lastUpdate: eventTime };
  return { delayMs: Math.min(entry.delayMs * 2, MAX_BACKOFF_MS), lastUpdate: eventTime };
}

/** "10s", "5m0s": how the kubelet prints a back-off in messages (Go duration). */
export function formatBackoff(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}
