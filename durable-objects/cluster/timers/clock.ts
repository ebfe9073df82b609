// The cluster clock: real time plus an offset that only moves forward. Everything in the cluster
// (timestamps, timers, ages) reads time from here, so advancing the clock fast-forwards the cluster.

export class ClusterClock {
  private offsetMs: number;

  constructor(private readonly sql: SqlStorage) {
    const row = sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'clock_offset'").toArray()[0];
    this.offsetMs = row?.value ?? 0;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Cluster time → wall-clock time, for arming the DO alarm. */
  toWallClock(clusterMs: number): number {
    return clusterMs - this.offsetMs;
  }

  advance(ms: number): void {
    if (!(ms > 0)) return;
    this.offsetMs += ms;
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES ('clock_offset', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      this.offsetMs,
    );
  }

  /** RFC 3339 with seconds precision, as Kubernetes writes metav1.Time. */
  timestamp(ms = this.now()): string {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
  }
}
