// Per-cluster settings the cluster owner may change (through the /v1 management API), kept in the
// DO's meta table next to the clock offset.
export type TimingProfile = "instant" | "fast" | "realistic";
export const TIMING_PROFILES: TimingProfile[] = ["fast", "instant", "realistic"];

export class ClusterSettings {
  private profile: TimingProfile;
  private reads: boolean;

  constructor(private readonly sql: SqlStorage) {
    const row = sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'timing_profile'").toArray()[0];
    this.profile = TIMING_PROFILES[row?.value ?? 0] ?? "fast";
    this.reads = (sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'audit_reads'").toArray()[0]?.value ?? 0) === 1;
  }

  /** Whether reads are audited too (Metadata level); mutating and denied requests always are. */
  auditReads(): boolean {
    return this.reads;
  }

  setAuditReads(on: boolean): void {
    this.reads = on;
    this.write("audit_reads", on ? 1 : 0);
  }

  private write(key: string, value: number): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
  }

  timingProfile(): TimingProfile {
    return this.profile;
  }

  setTimingProfile(profile: TimingProfile): void {
    this.profile = profile;
    this.write("timing_profile", TIMING_PROFILES.indexOf(profile));
  }
}
