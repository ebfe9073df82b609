// Timing profiles: how long the simulated runtime takes for what a real node spends wall time on.
// Only runtime work is scaled; what the spec or kube itself defines (sleep durations, probe
// delays and periods, back-offs, grace periods) is real cluster time in every profile.
import { jitter } from "./util";

export type TimingProfile = "instant" | "fast" | "realistic";

export interface Timings {
  /** Creating the pod sandbox (pause container, network): PodReadyToStartContainers. */
  sandboxMs(seed: string): number;
  /** Pulling an image (`present`: only the manifest check of an Always pull). */
  pullMs(seed: string, sizeBytes: number, present: boolean): number;
  /** Failing to resolve an unknown image. */
  pullFailMs(seed: string): number;
  createMs(seed: string): number;
  startMs(seed: string): number;
  /** A process that handles SIGTERM takes this long to exit. */
  stopMs(seed: string): number;
}

const INSTANT: Timings = {
  sandboxMs: () => 0,
  pullMs: () => 0,
  pullFailMs: () => 0,
  createMs: () => 0,
  startMs: () => 0,
  stopMs: () => 0,
};

const FAST: Timings = {
  sandboxMs: (s) => jitter(`${s}:sandbox`, 80, 150),
  pullMs: (s, _size, present) => (present ? jitter(`${s}:pull`, 60, 120) : jitter(`${s}:pull`, 200, 400)),
  pullFailMs: (s) => jitter(`${s}:pullfail`, 150, 300),
  createMs: (s) => jitter(`${s}:create`, 20, 60),
  startMs: (s) => jitter(`${s}:start`, 30, 80),
  stopMs: (s) => jitter(`${s}:stop`, 20, 60),
};

const REALISTIC: Timings = {
  sandboxMs: (s) => jitter(`${s}:sandbox`, 600, 1500),
  // ~40 MB/s plus registry round trips.
  pullMs: (s, size, present) => (present ? jitter(`${s}:pull`, 350, 900) : 700 + Math.round(size / 40_000) + jitter(`${s}:pull`, 0, 800)),
  pullFailMs: (s) => jitter(`${s}:pullfail`, 800, 2000),
  createMs: (s) => jitter(`${s}:create`, 80, 250),
  startMs: (s) => jitter(`${s}:start`, 150, 450),
  stopMs: (s) => jitter(`${s}:stop`, 100, 600),
};

export function timings(profile: TimingProfile): Timings {
  return profile === "instant" ? INSTANT : profile === "fast" ? FAST : REALISTIC;
}
