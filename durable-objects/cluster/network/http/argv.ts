// Which program a container's argv runs, seen through the wrappers people put in front of it:
// entrypoint scripts and init shims (docker-entrypoint.sh, tini, dumb-init) exec their arguments, and
// `sh -c "setup && exec nginx -g 'daemon off;'"` ends in the server. Plus the flag syntaxes the
// programs parse (Go's flag and pflag, Python's argparse).

export const basename = (p: string): string => p.slice(p.lastIndexOf("/") + 1);

/** Splits a shell word list: single and double quotes, backslash escapes; no expansion. */
export function shellWords(s: string): string[] {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      cur += s.slice(i + 1, end < 0 ? s.length : end);
      i = end < 0 ? s.length : end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === "\\" && j + 1 < s.length && '"\\$`'.includes(s[j + 1]!)) j++;
        cur += s[j];
      }
      i = j;
      inWord = true;
    } else if (c === "\\" && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** The simple commands of a script, split at `;`, `&&`, `||`, `&`, `|` and newlines (outside quotes). */
function commandsOf(script: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote = "";
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote) {
      if (c === quote) quote = "";
      cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      cur += c;
    } else if (c === ";" || c === "\n" || c === "&" || c === "|") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== "");
}

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh"]);
const SHIMS = new Set(["tini", "dumb-init", "exec", "nohup", "env"]);

/**
 * The argv of the process that ends up serving, and the directory a script `cd`s to before it: wrappers
 * stripped, and of a shell script the last command that starts a server (else its last command).
 */
export function servingArgv(argv: string[], isServer: (argv: string[]) => boolean): { argv: string[]; cwd?: string } {
  let a = argv;
  let cwd: string | undefined;
  for (let guard = 0; guard < 8 && a.length > 0; guard++) {
    const name = basename(a[0]!);
    if (SHELLS.has(name)) {
      const c = a.indexOf("-c");
      if (c < 0 || a[c + 1] === undefined) return { argv: a, ...(cwd ? { cwd } : {}) };
      const cmds = commandsOf(a[c + 1]!).map(shellWords).filter((w) => w.length > 0);
      let pick = cmds.length - 1;
      for (let i = cmds.length - 1; i >= 0; i--) {
        if (isServer(stripShims(cmds[i]!))) {
          pick = i;
          break;
        }
      }
      for (const w of cmds.slice(0, Math.max(0, pick))) {
        if (w[0] === "cd" && w[1]) cwd = w[1].startsWith("/") ? w[1] : `${cwd ?? "/"}/${w[1]}`.replace(/\/+/g, "/");
      }
      a = cmds[pick] ?? [];
      continue;
    }
    if (SHIMS.has(name) || name.endsWith("entrypoint.sh") || name === "--") {
      const rest = stripShims(a);
      if (rest === a || rest.length === 0) return { argv: a, ...(cwd ? { cwd } : {}) };
      a = rest;
      continue;
    }
    break;
  }
  return { argv: a, ...(cwd ? { cwd } : {}) };
}

/** argv without its leading shims (`tini --`, `env A=b`, `exec`, an entrypoint script). */
function stripShims(argv: string[]): string[] {
  let i = 0;
  while (i < argv.length) {
    const name = basename(argv[i]!);
    if (SHIMS.has(name) || name.endsWith("entrypoint.sh") || name === "--" || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!) || (i > 0 && argv[i]!.startsWith("-") && SHIMS.has(basename(argv[i - 1]!)))) i++;
    else break;
  }
  return i === 0 ? argv : argv.slice(i);
}

/**
 * A flag's value in Go's flag / spf13 pflag syntax: `-name=v`, `--name=v`, `-name v`, `--name v`.
 * undefined when absent.
 */
export function flagValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const dash of ["-", "--"]) {
      if (a === `${dash}${name}`) return args[i + 1] ?? "";
      if (a.startsWith(`${dash}${name}=`)) return a.slice(dash.length + name.length + 1);
    }
  }
  return undefined;
}

/** A boolean flag: `-name`, `--name`, `--name=true`. */
export function flagBool(args: string[], name: string, dflt: boolean): boolean {
  for (const a of args) {
    for (const dash of ["-", "--"]) {
      if (a === `${dash}${name}`) return true;
      if (a.startsWith(`${dash}${name}=`)) return ["1", "t", "true", "T", "TRUE", "True"].includes(a.slice(dash.length + name.length + 1));
    }
  }
  return dflt;
}

/** A port from a listen address (":5678", "0.0.0.0:8080", "8080"), or NaN. */
export function portOf(listen: string): number {
  const m = /(?:^|:)(\d{1,5})$/.exec(listen.trim());
  return m ? Number(m[1]) : Number.NaN;
}
