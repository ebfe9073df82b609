// The command model: what the process of a container prints, when, and how it ends, decided up
// front from the container spec and its image. A tiny shell interpreter covers what people type
// into pod specs (sleep, echo, exit, loops, `sh -c` scripts); servers come from the image catalogue.
import type { JsonObject } from "../apiserver/registry/types";
import type { ResolvedEnv } from "./env-sources";
import type { ImageInfo } from "./images";
import { asArray, asObject, asString, asStrings } from "./util";

/** One line of output, `at` ms after the process started. Text may hold `{t:FMT}` time placeholders. */
export interface LogLine {
  at: number;
  text: string;
  stream?: "stderr";
}

export interface ProcessPlan {
  /** The finite output, in time order. */
  lines: LogLine[];
  /** Output repeating forever: from `from` ms, every `period` ms, `lines` (at relative to each iteration). */
  repeat: { from: number; period: number; lines: LogLine[] } | null;
  /** Ms after start when the process exits by itself; null: runs until stopped. */
  exitAt: number | null;
  exitCode: number;
  /** The runtime could not start the process (StartError, exit 128): containerd's message. */
  startError: string | null;
  /** Ports the process listens on, from `listenAfter` ms. */
  ports: number[];
  listenAfter: number;
  /** Exit code on SIGTERM (or the image's stop signal); null: ignored, SIGKILLed at the deadline (137). */
  sigtermExitCode: number | null;
  /** Lines printed at a graceful stop. */
  stopLines: string[];
  /** Resident memory; above the container's memory limit the process is OOMKilled. */
  memoryBytes: number;
  /** Files the process creates or removes (exec probes such as `cat /tmp/healthy` read them). */
  files: Array<{ at: number; path: string; exists: boolean; content?: string[] }>;
  /** The process's environment. */
  env: Record<string, string>;
}

export interface PlanContext {
  /** The container's declared ports (spec.containers[].ports[].containerPort), where the generic program listens. */
  containerPorts?: number[];
  /** The container takes variables from ConfigMaps or Secrets (envFrom) that were not resolved here. */
  envFrom?: boolean;
  /** Its references to ConfigMaps and Secrets, as resolved when it was created (env-sources.ts). */
  resolvedEnv?: ResolvedEnv;
  podName?: string;
  namespace?: string;
  podIP?: string;
  nodeName?: string;
  /** The pod, for the downward API's other fields (uid, labels, annotations, service account, host IP). */
  pod?: JsonObject;
}

const MI = 1024 * 1024;
const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const COREUTILS = new Set([
  "sleep", "echo", "cat", "tail", "env", "printenv", "date", "true", "false", "touch", "rm", "mkdir", "ls",
  "hostname", "printf", "nc", "pwd", "id", "whoami", "uname", "test", "[", "seq", "yes", "wget", "tee", "head",
]);
const basename = (p: string) => p.slice(p.lastIndexOf("/") + 1);

/** containerd's error when the executable is missing (the container fails with StartError). */
export function startErrorMessage(exe: string): string {
  const why = exe.includes("/") ? `stat ${exe}: no such file or directory` : `executable file not found in $PATH`;
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${exe}": ${why}: unknown`;
}

/** The container's environment: kube's defaults, then spec.env with `$(VAR)` references expanded. */
export function containerEnv(container: JsonObject, ctx: PlanContext): Record<string, string> {
  const env: Record<string, string> = {
    PATH,
    HOSTNAME: ctx.podName ?? "pod",
    KUBERNETES_SERVICE_HOST: "10.96.0.1",
    KUBERNETES_SERVICE_PORT: "443",
    KUBERNETES_SERVICE_PORT_HTTPS: "443",
    KUBERNETES_PORT: "tcp://10.96.0.1:443",
    KUBERNETES_PORT_443_TCP: "tcp://10.96.0.1:443",
    KUBERNETES_PORT_443_TCP_PROTO: "tcp",
    KUBERNETES_PORT_443_TCP_PORT: "443",
    KUBERNETES_PORT_443_TCP_ADDR: "10.96.0.1",
  };
  for (const [k, v] of ctx.resolvedEnv?.envFrom ?? []) env[k] = v;
  for (const e of asArray(container.env)) {
    const name = asString(e.name);
    if (!name) continue;
    if (typeof e.value === "string") env[name] = expandKubeRefs(e.value, env);
    else if (ctx.resolvedEnv && Object.hasOwn(ctx.resolvedEnv.refs, name)) env[name] = ctx.resolvedEnv.refs[name]!;
    else {
      const field = asString(asObject(asObject(e.valueFrom).fieldRef).fieldPath);
      const v = field ? downwardField(field, ctx) : undefined;
      // An optional reference that did not resolve sets nothing; no value at all is the empty string.
      if (v !== undefined) env[name] = v;
      else if (!e.valueFrom) env[name] = "";
    }
  }
  env.HOME ??= "/root";
  return env;
}

/** A downward API fieldRef's value (kube's podutil.ConvertDownwardAPIFieldLabel fields); a missing label is "". */
export function downwardField(field: string, ctx: PlanContext): string | undefined {
  const meta = asObject(ctx.pod?.metadata);
  const status = asObject(ctx.pod?.status);
  const keyed = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(field);
  if (keyed) return asString(asObject(meta[keyed[1]!])[keyed[2]!]) ?? "";
  const ips = (v: unknown) => asArray(v).map((x) => asString(x.ip)).filter(Boolean).join(",");
  switch (field) {
    case "metadata.name": return ctx.podName;
    case "metadata.namespace": return ctx.namespace;
    case "metadata.uid": return asString(meta.uid);
    case "spec.nodeName": return ctx.nodeName;
    case "spec.serviceAccountName": return asString(asObject(ctx.pod?.spec).serviceAccountName);
    case "status.podIP": return ctx.podIP;
    case "status.podIPs": return ips(status.podIPs) || ctx.podIP;
    case "status.hostIP": return asString(status.hostIP);
    case "status.hostIPs": return ips(status.hostIPs) || asString(status.hostIP);
    default: return undefined;
  }
}

/** Kubernetes `$(VAR)` expansion in env values, command and args (`$$` escapes). */
export function expandKubeRefs(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) => {
    if (m === "$$") return "$";
    return name !== undefined && name in env ? env[name]! : m;
  });
}

// ---------------------------------------------------------------- shell syntax

type Word = Array<{ text: string; quote: "" | "'" | '"' }>;
type Token = { op: string } | { word: Word };
type Node =
  | { kind: "simple"; words: Word[]; redirect?: { path: Word; append: boolean } }
  | { kind: "while"; until: boolean; cond: Node[]; body: Node[] }
  | { kind: "for"; name: string; items: Word[]; body: Node[] }
  | { kind: "if"; cond: Node[]; then: Node[]; else: Node[] }
  | { kind: "andor"; first: Node; rest: Array<{ op: "&&" | "||" | "|"; node: Node }>; background: boolean };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let cur: Word | null = null;
  const push = (text: string, quote: "" | "'" | '"') => {
    cur ??= [];
    cur.push({ text, quote });
  };
  const end = () => {
    if (cur) out.push({ word: cur });
    cur = null;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === "#" && !cur) {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (c === " " || c === "\t") {
      end();
      i++;
    } else if (c === "\n" || c === ";") {
      end();
      out.push({ op: ";" });
      i++;
    } else if (c === "&" || c === "|") {
      end();
      if (src[i + 1] === c) {
        out.push({ op: c + c });
        i += 2;
      } else {
        out.push({ op: c === "&" ? "&" : "|" });
        i++;
      }
    } else if (c === ">" || c === "<") {
      end();
      let op = c;
      if (src[i + 1] === ">") op += src[++i];
      if (src[i + 1] === "&") {
        i += 2;
        while (i < src.length && /[0-9-]/.test(src[i]!)) i++;
        continue; // 2>&1, >&2: no effect on the model
      }
      out.push({ op });
      i++;
    } else if (c === "'") {
      const j = src.indexOf("'", i + 1);
      push(src.slice(i + 1, j < 0 ? src.length : j), "'");
      i = j < 0 ? src.length : j + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = "";
      while (j < src.length && src[j] !== '"') {
        if (src[j] === "\\" && j + 1 < src.length && '"\\$`'.includes(src[j + 1]!)) j++;
        text += src[j];
        j++;
      }
      push(text, '"');
      i = j + 1;
    } else if (c === "\\" && i + 1 < src.length) {
      push(src[i + 1]!, "'");
      i += 2;
    } else if (c === "$" && src[i + 1] === "(") {
      // Command substitution and arithmetic expansion: kept verbatim, expanded by expandWord.
      let depth = 0;
      let j = i + 1;
      for (; j < src.length; j++) {
        if (src[j] === "(") depth++;
        if (src[j] === ")" && --depth === 0) break;
      }
      push(src.slice(i, j + 1), "");
      i = j + 1;
    } else {
      let j = i;
      while (j < src.length && !" \t\n;&|<>'\"\\".includes(src[j]!) && !(src[j] === "$" && src[j + 1] === "(")) j++;
      if (j === i) j++;
      push(src.slice(i, j), "");
      i = j;
    }
  }
  end();
  return out;
}

const plain = (w: Word | undefined) => (w && w.every((p) => p.quote === "") ? w.map((p) => p.text).join("") : undefined);

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}
  private peekWord(): string | undefined {
    const t = this.toks[this.i];
    return t && "word" in t ? plain(t.word) : undefined;
  }
  private peekOp(): string | undefined {
    const t = this.toks[this.i];
    return t && "op" in t ? t.op : undefined;
  }
  private skipSeps() {
    while (this.peekOp() === ";") this.i++;
  }
  private expectWord(w: string) {
    this.skipSeps();
    if (this.peekWord() !== w) throw new Error(`syntax error: expected "${w}"`);
    this.i++;
  }
  /** Statements until one of `stops` (a reserved word) or the end. */
  list(stops: string[]): Node[] {
    const out: Node[] = [];
    for (;;) {
      this.skipSeps();
      if (this.i >= this.toks.length) break;
      const w = this.peekWord();
      if (w !== undefined && stops.includes(w)) break;
      out.push(this.andOr());
    }
    return out;
  }
  private andOr(): Node {
    const first = this.command();
    const rest: Array<{ op: "&&" | "||" | "|"; node: Node }> = [];
    let background = false;
    for (;;) {
      const op = this.peekOp();
      if (op === "&&" || op === "||" || op === "|") {
        this.i++;
        this.skipSeps();
        rest.push({ op, node: this.command() });
      } else if (op === "&") {
        this.i++;
        background = true;
        break;
      } else break;
    }
    return { kind: "andor", first, rest, background };
  }
  private command(): Node {
    const w = this.peekWord();
    if (w === "while" || w === "until") {
      this.i++;
      const cond = this.list(["do"]);
      this.expectWord("do");
      const body = this.list(["done"]);
      this.expectWord("done");
      return { kind: "while", until: w === "until", cond, body };
    }
    if (w === "for") {
      this.i++;
      const name = this.peekWord() ?? "i";
      this.i++;
      const items: Word[] = [];
      if (this.peekWord() === "in") {
        this.i++;
        for (let t = this.toks[this.i]; t && "word" in t; t = this.toks[++this.i]) items.push(t.word);
      }
      this.expectWord("do");
      const body = this.list(["done"]);
      this.expectWord("done");
      return { kind: "for", name, items, body };
    }
    if (w === "if") {
      this.i++;
      const cond = this.list(["then"]);
      this.expectWord("then");
      const then = this.list(["else", "elif", "fi"]);
      let other: Node[] = [];
      if (this.peekWord() === "else") {
        this.i++;
        other = this.list(["fi"]);
      }
      this.expectWord("fi");
      return { kind: "if", cond, then, else: other };
    }
    const words: Word[] = [];
    let redirect: { path: Word; append: boolean } | undefined;
    for (;;) {
      const t = this.toks[this.i];
      if (!t) break;
      if ("word" in t) {
        words.push(t.word);
        this.i++;
      } else if (t.op === ">" || t.op === ">>" || t.op === "<") {
        this.i++;
        const target = this.toks[this.i];
        if (target && "word" in target) {
          if (t.op !== "<") redirect = { path: target.word, append: t.op === ">>" };
          this.i++;
        }
      } else break;
    }
    if (words.length === 0) throw new Error("syntax error");
    return { kind: "simple", words, redirect };
  }
}

export function parseScript(src: string): Node[] {
  const p = new Parser(tokenize(src));
  return p.list([]);
}

// ---------------------------------------------------------------- execution

/** Which shell dialect prints errors: busybox ash, dash (Debian's sh) or bash. */
type Dialect = "ash" | "dash" | "bash";

class Forever extends Error {}
class Exit extends Error {
  constructor(readonly code: number) {
    super("exit");
  }
}

interface ExecState {
  t: number;
  lines: LogLine[];
  env: Record<string, string>;
  files: Map<string, string[]>;
  fileOps: ProcessPlan["files"];
  status: number;
  ports: number[];
  listenAfter: number;
  background: number; // when the last background job ends (Infinity: never)
  sigterm: number | null;
  memory: number;
  repeat: ProcessPlan["repeat"];
  /** Set while measuring one loop iteration. */
  capture?: boolean;
  stdin: boolean;
}

export class Shell {
  constructor(
    private readonly image: ImageInfo,
    private readonly dialect: Dialect,
    private readonly ctx: PlanContext,
  ) {}

  private out(st: ExecState, text: string, stream?: "stderr") {
    st.lines.push(stream ? { at: st.t, text, stream } : { at: st.t, text });
  }

  notFound(st: ExecState, cmd: string) {
    const msg =
      this.dialect === "bash" ? `bash: line 1: ${cmd}: command not found` : this.dialect === "dash" ? `sh: 1: ${cmd}: not found` : `sh: ${cmd}: not found`;
    this.out(st, msg, "stderr");
    st.status = 127;
  }

  expandWord(w: Word, st: ExecState): string[] {
    let s = "";
    let splittable = false;
    for (const part of w) {
      if (part.quote === "'") s += part.text;
      else {
        let t = part.text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*|\?|\$|#)/g, (_m, a?: string, dflt?: string, b?: string) => {
          const name = a ?? b ?? "";
          if (name === "?") return String(st.status);
          if (name === "$") return "1";
          if (name === "#") return "0";
          const v = st.env[name];
          return v === undefined || v === "" ? (dflt ?? "") : v;
        });
        t = t.replace(/\$\(\((.*?)\)\)/g, (_m, expr: string) => arithmetic(expr, st.env));
        t = t.replace(/\$\(([^)]*)\)/g, (_m, inner: string) => this.substitute(inner.trim(), st));
        if (part.quote === "") {
          splittable = true;
          // Brace ranges {1..5}
          t = t.replace(/\{(\d+)\.\.(\d+)\}/g, (_m, a: string, b: string) => range(Number(a), Number(b)).join(" "));
        }
        s += t;
      }
    }
    if (splittable && w.every((p) => p.quote === "")) return s.split(/\s+/).filter((x) => x !== "");
    return [s];
  }

  /** `$(...)`: the few substitutions whose output the model knows. */
  private substitute(cmd: string, st: ExecState): string {
    const argv = cmd.split(/\s+/);
    switch (argv[0]) {
      case "hostname":
        return this.ctx.podName ?? "pod";
      case "date":
        return argv[1] === "+%s" ? "{t:epoch}" : "{t:date}";
      case "seq": {
        const [a, b] = argv.length > 2 ? [Number(argv[1]), Number(argv[2])] : [1, Number(argv[1])];
        return range(a, b).join(" ");
      }
      case "cat":
        return (st.files.get(argv[1] ?? "") ?? []).join("\n");
      case "whoami":
        return "root";
      default:
        return "";
    }
  }

  run(nodes: Node[], st: ExecState): void {
    for (const n of nodes) this.node(n, st);
  }

  private node(n: Node, st: ExecState): void {
    switch (n.kind) {
      case "andor": {
        if (n.background) {
          this.backgroundJob(n, st);
          return;
        }
        this.node(n.first, st);
        for (const { op, node } of n.rest) {
          if (op === "&&" && st.status !== 0) continue;
          if (op === "||" && st.status === 0) continue;
          this.node(node, st);
        }
        return;
      }
      case "if":
        this.run(n.cond, st);
        this.run(st.status === 0 ? n.then : n.else, st);
        return;
      case "for": {
        const items = n.items.flatMap((w) => this.expandWord(w, st));
        for (const item of items) {
          st.env[n.name] = item;
          this.run(n.body, st);
        }
        return;
      }
      case "while":
        this.loop(n, st);
        return;
      case "simple": {
        const argv = n.words.flatMap((w) => this.expandWord(w, st));
        // VAR=value assignments
        while (argv.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0]!)) {
          const a = argv.shift()!;
          const eq = a.indexOf("=");
          st.env[a.slice(0, eq)] = a.slice(eq + 1);
          st.status = 0;
        }
        if (argv.length === 0) return;
        if (n.redirect) {
          const path = this.expandWord(n.redirect.path, st).join(" ");
          const before = st.lines.length;
          this.simple(argv, st);
          if (path !== "/dev/stdout" && path !== "/dev/stderr") {
            const written = st.lines.splice(before).map((l) => l.text);
            if (path !== "/dev/null") {
              const content = n.redirect.append ? [...(st.files.get(path) ?? []), ...written] : written;
              st.files.set(path, content);
              st.fileOps.push({ at: st.t, path, exists: true, content });
            }
          }
          return;
        }
        this.simple(argv, st);
        return;
      }
    }
  }

  private backgroundJob(n: Node, st: ExecState) {
    // `sleep N &`: a job that ends later; other commands run without delaying the script.
    const t0 = st.t;
    const saveLines = st.lines.length;
    try {
      this.node({ ...(n as Extract<Node, { kind: "andor" }>), background: false }, st);
      st.background = Math.max(st.background, st.t);
    } catch (e) {
      if (e instanceof Forever) st.background = Infinity;
      else if (!(e instanceof Exit)) throw e;
      st.repeat = null;
    }
    void saveLines;
    st.t = t0;
    st.status = 0;
  }

  private loop(n: Extract<Node, { kind: "while" }>, st: ExecState) {
    // Run one iteration; if it changes nothing the next iteration depends on, it repeats forever.
    for (let iteration = 0; iteration < 1000; iteration++) {
      const start = st.t;
      const before = st.lines.length;
      const envBefore = JSON.stringify(st.env);
      this.run(n.cond, st);
      const ok = n.until ? st.status !== 0 : st.status === 0;
      if (!ok) {
        st.status = 0;
        return;
      }
      this.run(n.body, st);
      const stable = JSON.stringify(st.env) === envBefore;
      if (stable) {
        // Busy loops without a sleep still take some time per iteration.
        const period = Math.max(st.t - start, 10);
        const lines = st.lines.splice(before).map((l) => ({ ...l, at: l.at - start }));
        st.repeat = { from: start, period, lines };
        throw new Forever();
      }
    }
    throw new Forever();
  }

  simple(argv: string[], st: ExecState): void {
    const [cmd0, ...args] = argv;
    const cmd = cmd0 ?? "";
    const name = basename(cmd);
    st.status = 0;
    switch (name) {
      case ":":
      case "true":
      case "set":
      case "cd":
      case "mkdir":
      case "chmod":
      case "chown":
      case "sync":
      case "unset":
      case "shift":
        return;
      case "false":
        st.status = 1;
        return;
      case "exit":
        throw new Exit(args[0] !== undefined ? Number(args[0]) & 255 || 0 : st.status);
      case "export":
        for (const a of args) {
          const eq = a.indexOf("=");
          if (eq > 0) st.env[a.slice(0, eq)] = a.slice(eq + 1);
        }
        return;
      case "exec":
        if (args.length > 0) {
          this.simple(args, st);
          throw new Exit(st.status);
        }
        return;
      case "trap": {
        const [action = "", ...sigs] = args;
        if (sigs.some((s) => ["TERM", "SIGTERM", "15", "EXIT", "0"].includes(s))) {
          const m = /exit\s*(\d+)?/.exec(action);
          st.sigterm = m ? Number(m[1] ?? 0) : 143;
        }
        return;
      }
      case "sleep": {
        let total = 0;
        for (const a of args) {
          if (a === "infinity" || a === "inf") throw new Forever();
          const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(a);
          if (!m) {
            this.out(st, `sleep: invalid number '${a}'`, "stderr");
            st.status = 1;
            return;
          }
          total += Number(m[1]) * ({ "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? ""] ?? 1);
        }
        if (args.length === 0) {
          this.out(st, this.dialect === "ash" ? "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary." : "sleep: missing operand", "stderr");
          st.status = 1;
          return;
        }
        st.t += Math.round(total * 1000);
        return;
      }
      case "wait":
        if (st.background === Infinity) throw new Forever();
        st.t = Math.max(st.t, st.background);
        return;
      case "echo": {
        let a = args;
        let newline = true;
        while (a[0] === "-n" || a[0] === "-e" || a[0] === "-E") {
          if (a[0] === "-n") newline = false;
          a = a.slice(1);
        }
        const text = a.join(" ").replace(/\\n/g, "\n").replace(/\\t/g, "\t");
        if (text === "" && !newline) return;
        for (const l of text.split("\n")) this.out(st, l);
        return;
      }
      case "printf": {
        const [fmt = "", ...rest] = args;
        let k = 0;
        const text = fmt.replace(/%[sdi]/g, () => rest[k++] ?? "").replace(/\\n/g, "\n").replace(/\\t/g, "\t");
        const parts = text.split("\n");
        if (parts[parts.length - 1] === "") parts.pop();
        for (const l of parts) this.out(st, l);
        return;
      }
      case "date":
        this.out(st, args.includes("+%s") ? "{t:epoch}" : args.some((x) => x.startsWith("-I") || x.includes("%Y-%m-%d")) ? "{t:iso}" : "{t:date}");
        return;
      case "hostname":
        this.out(st, this.ctx.podName ?? "pod");
        return;
      case "whoami":
        this.out(st, "root");
        return;
      case "id":
        this.out(st, "uid=0(root) gid=0(root) groups=0(root),10(wheel)");
        return;
      case "pwd":
        this.out(st, "/");
        return;
      case "uname":
        this.out(st, args.includes("-a") ? `Linux ${this.ctx.podName ?? "pod"} 6.8.0-1021-gcp #23-Ubuntu SMP x86_64 GNU/Linux` : "Linux");
        return;
      case "ls":
        if (args.filter((a) => !a.startsWith("-")).length === 0) {
          for (const d of ["bin", "dev", "etc", "home", "lib", "proc", "root", "sys", "tmp", "usr", "var"]) this.out(st, d);
        } else {
          for (const p of args.filter((a) => !a.startsWith("-"))) {
            if (st.files.has(p) || ["/", "/tmp", "/etc", "/var", "/usr", "/bin"].includes(p)) this.out(st, p);
            else {
              this.out(st, `ls: ${p}: No such file or directory`, "stderr");
              st.status = this.dialect === "ash" ? 1 : 2;
            }
          }
        }
        return;
      case "seq": {
        const [a, b] = args.length > 1 ? [Number(args[0]), Number(args[1])] : [1, Number(args[0])];
        for (const x of range(a, b)) this.out(st, String(x));
        return;
      }
      case "env":
      case "printenv": {
        if (name === "printenv" && args.length > 0) {
          const v = st.env[args[0]!];
          if (v === undefined) st.status = 1;
          else this.out(st, v);
          return;
        }
        if (name === "env" && args.length > 0 && !args[0]!.includes("=")) {
          this.simple(args, st);
          return;
        }
        for (const [k, v] of Object.entries(st.env)) this.out(st, `${k}=${v}`);
        return;
      }
      case "touch":
        for (const p of args.filter((a) => !a.startsWith("-"))) {
          st.files.set(p, st.files.get(p) ?? []);
          st.fileOps.push({ at: st.t, path: p, exists: true, content: st.files.get(p) });
        }
        return;
      case "rm":
        for (const p of args.filter((a) => !a.startsWith("-"))) {
          if (!st.files.has(p) && !args.some((a) => a.startsWith("-") && a.includes("f"))) {
            this.out(st, `rm: can't remove '${p}': No such file or directory`, "stderr");
            st.status = 1;
          }
          st.files.delete(p);
          st.fileOps.push({ at: st.t, path: p, exists: false });
        }
        return;
      case "test":
      case "[":
        st.status = testExpr(args.filter((a) => a !== "]"), st) ? 0 : 1;
        return;
      case "cat":
      case "head":
      case "tee": {
        const files = args.filter((a) => !a.startsWith("-"));
        if (files.length === 0) {
          // Without `stdin: true` the container's stdin is /dev/null: cat sees EOF at once.
          if (st.stdin) throw new Forever();
          return;
        }
        for (const f of files) {
          const content = st.files.get(f);
          if (content) for (const l of content) this.out(st, l);
          else if (f === "/etc/hostname") this.out(st, this.ctx.podName ?? "pod");
          else if (f !== "/dev/null") {
            this.out(st, this.dialect === "ash" ? `cat: can't open '${f}': No such file or directory` : `cat: ${f}: No such file or directory`, "stderr");
            st.status = 1;
          }
        }
        return;
      }
      case "tail":
        if (args.includes("-f") || args.includes("-F") || args.includes("--follow")) throw new Forever();
        this.simple(["cat", ...args.filter((a) => !a.startsWith("-") && !/^\d+$/.test(a))], st);
        return;
      case "yes":
        st.repeat = { from: st.t, period: 10, lines: [{ at: 0, text: args.join(" ") || "y" }] };
        throw new Forever();
      case "nc": {
        if (args.some((a) => a.startsWith("-l") || a === "-lk")) {
          const port = Number([...args].reverse().find((a) => /^\d+$/.test(a)) ?? 0);
          if (port) st.ports.push(port);
          st.listenAfter = st.t;
          throw new Forever();
        }
        st.status = 1;
        return;
      }
      case "wget":
      case "curl":
        // No real network: requests "succeed" silently.
        return;
      case "sh":
      case "bash":
      case "ash":
      case "dash": {
        if (!this.image.shells.includes(name)) return this.notFound(st, cmd);
        const c = args.indexOf("-c");
        if (c >= 0) {
          this.run(parseScript(args[c + 1] ?? ""), st);
          return;
        }
        if (args[0]) {
          this.out(st, this.dialect === "bash" ? `bash: ${args[0]}: No such file or directory` : `sh: can't open '${args[0]}': No such file or directory`, "stderr");
          st.status = this.dialect === "bash" ? 127 : 2;
          return;
        }
        if (st.stdin) throw new Forever();
        return;
      }
      default:
        this.program(name, cmd, args, st);
    }
  }

  /** Image programs (servers, interpreters); anything else is "not found". */
  private program(name: string, cmd: string, args: string[], st: ExecState): void {
    const server = this.image.server;
    const has = (p: string) => this.image.tools.includes(p);
    if (server && (server.binaries.includes(name) || name.endsWith("entrypoint.sh"))) {
      if (name.endsWith("entrypoint.sh") && args[0] !== undefined && !args[0].startsWith("-") && !server.binaries.includes(basename(args[0]))) {
        // docker-entrypoint.sh execs whatever it was given.
        this.simple(args, st);
        throw new Exit(st.status);
      }
      runServer(this.image, this.ctx, st);
      return;
    }
    if (name.endsWith("entrypoint.sh") && args.length > 0) {
      this.simple(args, st);
      throw new Exit(st.status);
    }
    if ((name === "python" || name === "python3") && has(name)) {
      const m = args.indexOf("-m");
      if (m >= 0 && args[m + 1] === "http.server") {
        const port = Number(args[m + 2] ?? 8000) || 8000;
        st.ports.push(port);
        st.listenAfter = st.t + 150;
        st.memory = Math.max(st.memory, 12 * MI);
        throw new Forever();
      }
      const c = args.indexOf("-c");
      if (c >= 0) return this.printCalls(args[c + 1] ?? "", /print\((.*?)\)/g, st);
      if (st.stdin) throw new Forever();
      return;
    }
    if (name === "node" && has("node")) {
      const e = args.findIndex((a) => a === "-e" || a === "--eval");
      if (e >= 0) return this.printCalls(args[e + 1] ?? "", /console\.log\((.*?)\)/g, st);
      if (st.stdin) throw new Forever();
      return;
    }
    if (name === "stress" && has("stress")) return stress(args, st, this);
    if (name === "agnhost" && has("agnhost")) return agnhost(args, st, this.out.bind(this));
    if (name === "http-echo" && has("http-echo")) {
      const listen = args.find((a) => a.startsWith("-listen="))?.split(":").pop() ?? "5678";
      st.ports.push(Number(listen));
      this.out(st, `{t:nginx} [INFO] server is listening on :${listen}`);
      st.sigterm = 0;
      throw new Forever();
    }
    if (name === "perl" && has("perl")) return perl(args, st, this.out.bind(this));
    if (has(name)) return; // other tools of the image: succeed quietly
    if (this.image.generic) return runGeneric(this.image, this.ctx, st);
    this.notFound(st, cmd);
  }

  private printCalls(src: string, re: RegExp, st: ExecState) {
    for (const m of src.matchAll(re)) this.out(st, (m[1] ?? "").trim().replace(/^(['"])(.*)\1$/, "$2"));
  }

  outLine(st: ExecState, text: string) {
    this.out(st, text);
  }
}

/**
 * Shell arithmetic `$((…))`: integers, variables (bare or with `$`; unset or not a number counts 0),
 * + - * / % with C precedence, unary minus, parentheses, comparisons (1 or 0). Division truncates,
 * as in sh; a division by zero prints nothing here (sh would abort the script).
 */
export function arithmetic(expr: string, env: Record<string, string>): string {
  const tokens = expr.match(/\$?[A-Za-z_][A-Za-z0-9_]*|\d+|==|!=|<=|>=|[-+*/%()<>]/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const primary = (): number => {
    const t = tokens[pos++];
    if (t === undefined) return 0;
    if (t === "(") {
      const v = comparison();
      pos++; // ")"
      return v;
    }
    if (t === "-") return -primary();
    if (t === "+") return primary();
    if (/^\d/.test(t)) return Number(t);
    const v = Number.parseInt(env[t.replace(/^\$/, "")] ?? "0", 10);
    return Number.isNaN(v) ? 0 : v;
  };
  const product = (): number => {
    let v = primary();
    while (peek() === "*" || peek() === "/" || peek() === "%") {
      const op = tokens[pos++];
      const r = primary();
      if (op === "*") v *= r;
      else if (r === 0) throw new RangeError("division by zero");
      else v = op === "/" ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (peek() === "+" || peek() === "-") v = tokens[pos++] === "+" ? v + product() : v - product();
    return v;
  };
  const comparison = (): number => {
    let v = sum();
    for (let op = peek(); op && ["<", ">", "<=", ">=", "==", "!="].includes(op); op = peek()) {
      pos++;
      const r = sum();
      const holds = op === "<" ? v < r : op === ">" ? v > r : op === "<=" ? v <= r : op === ">=" ? v >= r : op === "==" ? v === r : v !== r;
      v = holds ? 1 : 0;
    }
    return v;
  };
  try {
    return String(comparison());
  } catch {
    return "";
  }
}

function range(a: number, b: number): number[] {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b - a > 10000) return [];
  const out: number[] = [];
  for (let x = a; x <= b; x++) out.push(x);
  return out;
}

function testExpr(a: string[], st: ExecState): boolean {
  if (a[0] === "!") return !testExpr(a.slice(1), st);
  if (a.length === 1) return a[0] !== "";
  if (a.length === 2) {
    const [op, x = ""] = a;
    if (op === "-f" || op === "-e" || op === "-s") return st.files.has(x) || ["/etc/hostname", "/etc/passwd"].includes(x);
    if (op === "-d") return ["/", "/tmp", "/etc", "/var", "/usr"].includes(x);
    if (op === "-n") return x !== "";
    if (op === "-z") return x === "";
  }
  if (a.length === 3) {
    const [x = "", op, y = ""] = a;
    switch (op) {
      case "=":
      case "==":
        return x === y;
      case "!=":
        return x !== y;
      case "-eq":
        return Number(x) === Number(y);
      case "-ne":
        return Number(x) !== Number(y);
      case "-lt":
        return Number(x) < Number(y);
      case "-gt":
        return Number(x) > Number(y);
      case "-le":
        return Number(x) <= Number(y);
      case "-ge":
        return Number(x) >= Number(y);
    }
  }
  return false;
}

/**
 * The program of an image the catalogue does not describe (a private or unlisted one): it says so in one
 * line, stays up, accepts connections on the ports the container declares, and stops cleanly on SIGTERM.
 */
function runGeneric(image: ImageInfo, ctx: PlanContext, st: ExecState): never {
  const ports = ctx.containerPorts ?? [];
  const listening = ports.length > 0 ? `it accepts connections on ${ports.map((p) => `${p}/TCP`).join(", ")}` : "the container declares no ports";
  st.lines.push({ at: st.t, text: `kubedo: ${image.reference} is not in this sandbox's image catalogue; a generic program runs in its place and stays up (${listening})` });
  st.ports.push(...ports);
  st.listenAfter = st.t + 5;
  st.sigterm = 0;
  st.memory = Math.max(st.memory, image.memoryBytes);
  throw new Forever();
}

function runServer(image: ImageInfo, ctx: PlanContext, st: ExecState): never {
  const server = image.server!;
  const fill = (s: string) => s.replaceAll("{v}", image.version).replaceAll("{ip}", ctx.podIP ?? "10.244.0.2").replaceAll("{host}", ctx.podName ?? "pod");
  const need = server.requireEnv;
  // Variables from envFrom are not resolved here: a container with envFrom may well set them.
  if (need && !need.anyOf.some((k) => st.env[k] !== undefined && st.env[k] !== "") && !ctx.envFrom) {
    for (const l of need.lines) st.lines.push({ at: st.t + 10, text: fill(l), stream: "stderr" });
    st.t += 20;
    throw new Exit(need.exitCode);
  }
  for (const [at, l] of server.lines) st.lines.push({ at: st.t + at, text: fill(l) });
  st.ports.push(...image.ports);
  st.listenAfter = st.t + server.listenAfterMs;
  st.sigterm = server.sigtermExitCode;
  st.memory = Math.max(st.memory, image.memoryBytes);
  throw new Forever();
}

/**
 * perl -e/-le: `print bpi(N)` under -Mbignum=bpi (the Job example: π to N significant digits, which
 * takes perl a moment), `print "text"`; any other one-liner runs and prints nothing.
 */
function perl(args: string[], st: ExecState, out: (st: ExecState, text: string) => void): void {
  const flag = args.findIndex((a) => /^-[a-zA-Z]*[eE]$/.test(a));
  const program = flag >= 0 ? (args[flag + 1] ?? "") : "";
  const bignum = args.some((a) => /^-Mbignum(=|$)/.test(a));
  for (const m of program.matchAll(/print\s+(?:bpi\((\d+)\)|"([^"]*)"|'([^']*)')/g)) {
    if (m[1] !== undefined && bignum) {
      const digits = Math.min(Number(m[1]), 20_000);
      st.t += Math.ceil(digits * digits / 4000); // bpi(2000): about a second
      out(st, piDigits(digits));
    } else out(st, m[2] ?? m[3] ?? "");
  }
}

/** π to `n` significant digits, rounded ("3.14" for 3), from Machin's formula in integers. */
export function piDigits(n: number): string {
  if (n < 1) return "0";
  const guard = 10n;
  const scale = 10n ** (BigInt(n - 1) + guard);
  const atanInverse = (x: bigint) => {
    let term = scale / x;
    let sum = term;
    const x2 = x * x;
    for (let k = 1n; term !== 0n; k++) {
      term /= x2;
      sum += (k % 2n === 1n ? -term : term) / (2n * k + 1n);
    }
    return sum;
  };
  const pi = 16n * atanInverse(5n) - 4n * atanInverse(239n);
  const rounded = (pi + 5n * 10n ** (guard - 1n)) / 10n ** guard; // "3" then n-1 decimals
  const text = rounded.toString();
  return text.length > 1 ? `${text[0]}.${text.slice(1)}` : text;
}

function stress(args: string[], st: ExecState, sh: Shell): void {
  const vmBytes = args[args.indexOf("--vm-bytes") + 1];
  if (args.indexOf("--vm-bytes") >= 0 && vmBytes) {
    const m = /^(\d+)([kKmMgG]?)/.exec(vmBytes);
    const mult = { "": 1, k: 1024, K: 1024, m: MI, M: MI, g: 1024 * MI, G: 1024 * MI }[m?.[2] ?? ""] ?? 1;
    st.memory = Math.max(st.memory, Number(m?.[1] ?? 0) * mult);
  }
  const n = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] ?? "1" : "0");
  sh.outLine(st, `stress: info: [1] dispatching hogs: ${n("--cpu")} cpu, ${n("--io")} io, ${n("--vm")} vm, ${n("--hdd")} hdd`);
  const timeout = args.includes("--timeout") ? parseInt(args[args.indexOf("--timeout") + 1] ?? "", 10) : NaN;
  if (Number.isFinite(timeout)) {
    st.t += timeout * 1000;
    sh.outLine(st, `stress: info: [1] successful run completed in ${timeout}s`);
    return;
  }
  throw new Forever();
}

function agnhost(args: string[], st: ExecState, out: (st: ExecState, text: string) => void): void {
  const sub = args[0];
  const flag = (name: string, d: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? d);
  st.sigterm = 2; // Go programs without a handler exit with status 2 on SIGTERM
  switch (sub) {
    case "netexec":
      st.ports.push(flag("http-port", 8080), flag("udp-port", 8081));
      out(st, `{t:klog}       1 log.go:195] Started HTTP server on port ${flag("http-port", 8080)}`);
      out(st, `{t:klog}       1 log.go:195] Started UDP server on port  ${flag("udp-port", 8081)}`);
      throw new Forever();
    case "serve-hostname":
      st.ports.push(flag("port", 9376));
      out(st, `{t:nginx} Serving on port ${flag("port", 9376)}.`);
      throw new Forever();
    case "test-webserver":
      st.ports.push(flag("port", 80));
      throw new Forever();
    case "liveness":
      st.ports.push(8080);
      out(st, "Started HTTP server on port 8080");
      throw new Forever();
    case "pause":
      out(st, "Paused");
      st.sigterm = 0;
      throw new Forever();
    case undefined:
      out(st, "Usage:\n  app [command]");
      return;
    default:
      throw new Forever();
  }
}

function dialectOf(image: ImageInfo, argv0: string): Dialect {
  if (basename(argv0) === "bash") return "bash";
  if (image.shells.includes("ash")) return "ash";
  if (image.shells.includes("dash")) return "dash";
  return "bash";
}

function emptyState(env: Record<string, string>, stdin: boolean, memory: number): ExecState {
  return {
    t: 0,
    lines: [],
    env,
    files: new Map(),
    fileOps: [],
    status: 0,
    ports: [],
    listenAfter: 0,
    background: 0,
    sigterm: null,
    memory,
    repeat: null,
    stdin,
  };
}

/** The argv the runtime execs: `command` replaces the entrypoint, `args` the cmd (an explicit command drops the image cmd). */
export function effectiveArgv(container: JsonObject, image: ImageInfo, env: Record<string, string>): string[] {
  const command = asStrings(container.command);
  const args = asStrings(container.args);
  const argv = [...(command ?? image.entrypoint), ...(args ?? (command ? [] : image.cmd))];
  return argv.map((a) => expandKubeRefs(a, env));
}

function declaredPorts(container: JsonObject): number[] {
  const ports = asArray(container.ports).map((p) => (p as JsonObject | null)?.containerPort);
  return ports.filter((p): p is number => typeof p === "number");
}

/** Decides what the container's process does. */
export function planProcess(container: JsonObject, image: ImageInfo, podCtx: PlanContext = {}): ProcessPlan {
  const ctx = { ...podCtx, containerPorts: declaredPorts(container), envFrom: asArray(container.envFrom).length > 0 && !podCtx.resolvedEnv };
  const env = containerEnv(container, ctx);
  const argv = effectiveArgv(container, image, env);
  const stdin = container.stdin === true;
  const base: ProcessPlan = {
    lines: [],
    repeat: null,
    exitAt: 0,
    exitCode: 0,
    startError: null,
    ports: [],
    listenAfter: 0,
    sigtermExitCode: null,
    stopLines: [],
    memoryBytes: 1 * MI,
    files: [],
    env,
  };
  const exe = argv[0];
  if (exe === undefined) return { ...base, startError: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: no command specified: unknown` };
  const name = basename(exe);
  const known =
    (image.shells.includes(name) && ["sh", "bash", "ash", "dash"].includes(name)) ||
    (image.coreutils && COREUTILS.has(name)) ||
    (image.server?.binaries.includes(name) ?? false) ||
    image.entrypoint.includes(exe) ||
    image.tools.includes(name) ||
    image.generic === true; // an image nobody described may hold any program
  if (!known) return { ...base, startError: startErrorMessage(exe) };

  const shell = new Shell(image, dialectOf(image, exe), ctx);
  const st = emptyState(env, stdin, name === "bash" ? 3 * MI : 1 * MI);
  let exitAt: number | null = null;
  let exitCode = 0;
  try {
    shell.simple(argv, st);
    exitCode = st.status;
    exitAt = st.t;
    // Background jobs die with PID 1 when the script ends.
  } catch (e) {
    if (e instanceof Exit) {
      exitCode = e.code;
      exitAt = st.t;
    } else if (e instanceof Forever) exitAt = null;
    else {
      // A script the model cannot parse: the shell reports a syntax error and exits 2.
      st.lines.push({ at: 0, text: `sh: syntax error: ${(e as Error).message}`, stream: "stderr" });
      exitAt = 0;
      exitCode = 2;
    }
  }
  const server = image.server && st.ports.length > 0 && image.server.sigtermExitCode === st.sigterm ? image.server : undefined;
  return {
    ...base,
    lines: st.lines,
    repeat: exitAt === null ? st.repeat : null,
    exitAt,
    exitCode,
    ports: st.ports,
    listenAfter: st.listenAfter,
    sigtermExitCode: st.sigterm,
    stopLines: server?.stopLines ?? [],
    memoryBytes: st.memory,
    files: st.fileOps,
  };
}

/** Whether `path` exists `atMs` after the process started. */
export function fileExistsAt(plan: ProcessPlan, path: string, atMs: number): boolean {
  let exists = false;
  for (const op of plan.files) if (op.path === path && op.at <= atMs) exists = op.exists;
  return exists;
}

/**
 * Runs an exec probe's command inside the container `atMs` after its process started:
 * files the process created by then are visible. Returns the exit code and output.
 */
export function runExecCommand(command: string[], plan: ProcessPlan, image: ImageInfo, atMs: number, ctx: PlanContext = {}): { exitCode: number; output: string } {
  const exe = command[0];
  if (exe === undefined) return { exitCode: 126, output: "" };
  const name = basename(exe);
  const known =
    (image.shells.includes(name) && ["sh", "bash", "ash", "dash"].includes(name)) ||
    (image.coreutils && COREUTILS.has(name)) ||
    image.tools.includes(name) ||
    (image.server?.binaries.includes(name) ?? false) ||
    image.generic === true;
  if (!known) return { exitCode: 126, output: startErrorMessage(exe) };
  const st = emptyState({ ...plan.env }, false, 0);
  const seen = new Set(plan.files.map((f) => f.path));
  for (const p of seen) {
    if (!fileExistsAt(plan, p, atMs)) continue;
    const last = [...plan.files].reverse().find((f) => f.path === p && f.at <= atMs);
    st.files.set(p, last?.content ?? []);
  }
  const shell = new Shell(image, dialectOf(image, exe), ctx);
  let code: number;
  try {
    shell.simple(command, st);
    code = st.status;
  } catch (e) {
    code = e instanceof Exit ? e.code : 1; // a probe command that never ends times out
  }
  return { exitCode: code, output: st.lines.map((l) => l.text).join("\n") };
}
