// Kubedo's abuse limits as configuration: wrangler.toml turns every one on (a plain `wrangler deploy`
// is production-safe); local runs (`npm start`, the workerd tests, the end-to-end tests, the
// benchmark) relax them with these overrides of their own, and say so.

/** The vars that switch a limit off: what local development passes to override wrangler.toml. */
export const RELAXED_LIMITS = Object.freeze({
  PLAYGROUND_RATE_LIMIT: "0",
  TOKEN_RATE_LIMITING: "off",
  AUTH_FAILURE_RATE_LIMITING: "off",
  INGRESS_RATE_LIMITING: "off",
});

/** For people, as `npm start` prints it: what the relaxed limits mean. */
export const RELAXED_LIMITS_NOTE = `Rate limits are OFF here, for local development: playground creations per address, requests
per token, failed authentications per address and cluster, Ingress traffic per cluster. wrangler.toml deploys them on;
KUBEDO_RATE_LIMITS=on npm start keeps them on here too.`;

/**
 * What is wrong with a configuration's limits, as sentences (empty when every limit is on).
 * `vars` are the Worker's environment variables, `rateLimiters` the names of its Rate Limiting bindings.
 */
export function limitProblems(vars, rateLimiters) {
  const problems = [];
  const playground = Number(vars.PLAYGROUND_RATE_LIMIT);
  if (!Number.isInteger(playground) || playground <= 0) problems.push(`PLAYGROUND_RATE_LIMIT is ${JSON.stringify(vars.PLAYGROUND_RATE_LIMIT)}: playground creations per address are unlimited`);
  for (const [flag, binding] of [
    ["TOKEN_RATE_LIMITING", "TOKEN_RATE_LIMITER"],
    ["AUTH_FAILURE_RATE_LIMITING", "AUTH_FAILURE_LIMITER"],
    ["INGRESS_RATE_LIMITING", "INGRESS_RATE_LIMITER"],
  ]) {
    if (vars[flag] !== "on") problems.push(`${flag} is ${JSON.stringify(vars[flag])}, not "on"`);
    if (!rateLimiters.includes(binding)) problems.push(`no ${binding} rate limiting binding`);
  }
  return problems;
}

/** The environment variables and rate limiters `wrangler deploy --dry-run` prints in its bindings table. */
export function parseDryRunBindings(stdout) {
  const vars = {};
  const rateLimiters = [];
  for (const line of stdout.split("\n")) {
    const variable = /^env\.(\w+) \((".*")\)\s+Environment Variable\s*$/.exec(line.trim());
    if (variable) vars[variable[1]] = JSON.parse(variable[2]);
    const limiter = /^env\.(\w+) \(.*\)\s+Rate Limit\s*$/.exec(line.trim());
    if (limiter) rateLimiters.push(limiter[1]);
  }
  return { vars, rateLimiters };
}
