export const RELAXED_LIMITS: Readonly<Record<"PLAYGROUND_RATE_LIMIT" | "TOKEN_RATE_LIMITING" | "AUTH_FAILURE_RATE_LIMITING", string>>;
export const RELAXED_LIMITS_NOTE: string;
export function limitProblems(vars: Record<string, string | undefined>, rateLimiters: string[]): string[];
export function parseDryRunBindings(stdout: string): { vars: Record<string, string>; rateLimiters: string[] };
