// Per-cluster settings the cluster owner may change (through the /v1 management API), kept in the
// DO's meta table next to the clock offset.
export type TimingProfile = "instant" | "fast" | "realistic";
export const TIMING_PROFILES: TimingProfile[] = ["fast", "instant", "realistic"];

export class ClusterSettings {
  private profile: TimingProfile;

  constructor(private readonly sql: SqlStorage) {
    const row = sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'timing_profile'").toArray()[0];
    this.profile = TIMING_PROFILES[row?.value ?? 0] ?? "fast";
  }

  timingProfile(): TimingProfile {
    return this.profile;
  }

  setTimingProfile(profile: TimingProfile): void {
    this.profile = profile;
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES ('timing_profile', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      TIMING_PROFILES.indexOf(profile),
    );
  }
}
