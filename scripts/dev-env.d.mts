export const ROOT: string;
export function assertPortFree(port: number): Promise<void>;
export function freePort(): Promise<number>;
export function applyMigrations(persistTo: string): void;
export function seedDev(persistTo: string, stateFile: string): { token: string; clusterId: string };
export function kubeconfigYaml(opts: { server: string; token: string; name?: string }): string;
export function writeKubeconfig(path: string, opts: { server: string; token: string; name?: string }): void;
export function healthz(port: number): Promise<boolean>;
export function startWranglerDev(opts: { port: number; persistTo: string; stdio?: "inherit" | "pipe" | "ignore"; timeoutMs?: number; vars?: Record<string, string> }): Promise<{ child: import("node:child_process").ChildProcess; exited: Promise<number | null> }>;
