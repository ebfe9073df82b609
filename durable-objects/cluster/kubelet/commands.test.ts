import { describe, expect, it } from "vitest";
import type { JsonObject } from "../apiserver/registry/types";
import { arithmetic, piDigits, planProcess, runExecCommand } from "./commands";
import { resolveImage } from "./images";

const busybox = resolveImage("busybox")!;
const plan = (c: JsonObject, image = busybox) => planProcess({ name: "c", ...c }, image, { podName: "p" });
const texts = (c: JsonObject) => plan(c).lines.map((l) => l.text);

describe("planProcess", () => {
  it("busybox default sh exits 0 at once without stdin", () => {
    expect(plan({})).toMatchObject({ exitAt: 0, exitCode: 0, lines: [] });
    expect(plan({ stdin: true }).exitAt).toBeNull();
  });

  it("runs sh -c scripts with ;, && and ||", () => {
    const p = plan({ command: ["sh", "-c", "echo 'a b'; sleep 2 && echo \"x=$X\" || echo no; false || echo fallback; exit 3"], env: [{ name: "X", value: "1" }] });
    expect(p.lines).toEqual([
      { at: 0, text: "a b" },
      { at: 2000, text: "x=1" },
      { at: 2000, text: "fallback" },
    ]);
    expect(p).toMatchObject({ exitAt: 2000, exitCode: 3 });
  });

  it("models infinite loops as a repeating block", () => {
    const p = plan({ command: ["/bin/sh", "-c", "while true; do echo hi; sleep 1; done"] });
    expect(p.exitAt).toBeNull();
    expect(p.repeat).toEqual({ from: 0, period: 1000, lines: [{ at: 0, text: "hi" }] });
  });

  it("sleep infinity, tail -f and direct exec run forever", () => {
    expect(plan({ command: ["sleep", "infinity"] }).exitAt).toBeNull();
    expect(plan({ command: ["tail", "-f", "/dev/null"] }).exitAt).toBeNull();
    expect(plan({ command: ["sleep"], args: ["5"] }).exitAt).toBe(5000);
  });

  it("unknown commands: 127 through a shell, StartError when exec'd", () => {
    expect(plan({ command: ["sh", "-c", "foo"] })).toMatchObject({ exitCode: 127, lines: [{ at: 0, text: "sh: foo: not found", stream: "stderr" }] });
    expect(plan({ command: ["foo"] }).startError).toContain('exec: "foo": executable file not found in $PATH');
    expect(plan({ command: ["bash", "-c", "true"] }).startError).toContain('exec: "bash"');
  });

  it("expands $(VAR) in args and prints env", () => {
    expect(texts({ command: ["echo", "$(GREETING) world"], env: [{ name: "GREETING", value: "hello" }] })).toEqual(["hello world"]);
    expect(texts({ command: ["printenv", "HOSTNAME"] })).toEqual(["p"]);
    expect(texts({ command: ["sh", "-c", "for i in 1 2 3; do echo $i; done"] })).toEqual(["1", "2", "3"]);
  });

  it("servers: nginx listens on 80 and handles SIGTERM; postgres without password fails", () => {
    const nginx = plan({}, resolveImage("nginx")!);
    expect(nginx).toMatchObject({ exitAt: null, ports: [80], sigtermExitCode: 0 });
    expect(nginx.lines[0]!.text).toContain("/docker-entrypoint.sh");
    const pg = plan({}, resolveImage("postgres:16")!);
    expect(pg.exitCode).toBe(1);
    expect(pg.lines[0]!.text).toBe("Error: Database is uninitialized and superuser password is not specified.");
    expect(plan({ env: [{ name: "POSTGRES_PASSWORD", value: "x" }] }, resolveImage("postgres:16")!).exitAt).toBeNull();
    expect(plan({ command: ["python", "-m", "http.server", "8000"] }, resolveImage("python:3.12")!).ports).toEqual([8000]);
    expect(plan({ command: ["sleep", "3600"] }).sigtermExitCode).toBeNull();
  });

  it("exec commands see the files the process made", () => {
    const p = plan({ command: ["sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"] });
    expect(runExecCommand(["cat", "/tmp/healthy"], p, busybox, 10_000).exitCode).toBe(0);
    expect(runExecCommand(["cat", "/tmp/healthy"], p, busybox, 31_000)).toEqual({ exitCode: 1, output: "cat: can't open '/tmp/healthy': No such file or directory" });
  });
});

describe("tutorial programs", () => {
  it("the Job example's perl prints π to 2,000 digits as the docs show, then completes", () => {
    const perl = resolveImage("perl:5.34.0")!;
    const p = plan({ command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"] }, perl);
    expect(p.exitCode).toBe(0);
    expect(p.exitAt).not.toBeNull();
    const [line] = p.lines.map((l) => l.text);
    expect(line).toHaveLength(2001);
    expect(line!.startsWith("3.14159265358979323846264338327950288419716939937510")).toBe(true);
    expect(line!.endsWith("04780275901")).toBe(true); // the last digits kubernetes.io's job.md shows
    expect(piDigits(3)).toBe("3.14");
    expect(piDigits(5)).toBe("3.1416");
  });

  it("an image nobody described runs the generic program on the container's ports", () => {
    const app = resolveImage("ghcr.io/someone/app:1.0")!;
    const p = plan({ ports: [{ containerPort: 8080 }, { containerPort: 9090, protocol: "TCP" }] }, app);
    expect(p.exitAt).toBeNull();
    expect(p.ports).toEqual([8080, 9090]);
    expect(p.sigtermExitCode).toBe(0);
    expect(p.lines.map((l) => l.text)).toEqual([
      "kubedo: ghcr.io/someone/app:1.0 is not in this sandbox's image catalogue; a generic program runs in its place and stays up (it accepts connections on 8080/TCP, 9090/TCP)",
    ]);
    // Its own command runs as the same program; a shell and coreutils are there.
    expect(plan({ command: ["/app/server", "--port=8080"] }, app).startError).toBeNull();
    expect(plan({ command: ["sh", "-c", "echo hi"] }, app).lines.map((l) => l.text)).toEqual(["hi"]);
  });

  it("the bootcamp server prints its start-up line with the pod's name", () => {
    const p = plan({}, resolveImage("gcr.io/google-samples/kubernetes-bootcamp:v1")!);
    expect(p.exitAt).toBeNull();
    expect(p.ports).toEqual([8080]);
    expect(p.lines.map((l) => l.text)).toEqual(["Kubernetes Bootcamp App Started At: {t:js} | Running On:  p ", ""]);
  });
});

describe("shell arithmetic", () => {
  it("$((…)) counts, with precedence, variables and parentheses", () => {
    expect(texts({ command: ["sh", "-c", "i=1; echo $((i+1)); echo $(( (i + 2) * 3 % 5 )); echo $((10/3)) $(($i-4))"] })).toEqual(["2", "4", "3 -3"]);
    expect(arithmetic("2 + 3 * 4", {})).toBe("14");
    expect(arithmetic("x < 3", { x: "2" })).toBe("1");
  });

  it("a counting loop prints each value", () => {
    expect(texts({ command: ["sh", "-c", "i=0; while [ $i -lt 3 ]; do echo \"count: $i\"; i=$((i+1)); done"] })).toEqual(["count: 0", "count: 1", "count: 2"]);
  });
});

describe("envFrom", () => {
  it("env prints no marker of its own, and an entrypoint that needs a variable trusts envFrom to bring it", () => {
    const lines = texts({ command: ["env"], envFrom: [{ configMapRef: { name: "cfg" } }] });
    expect(lines.some((l) => l.startsWith("__"))).toBe(false);
    const postgres = resolveImage("postgres:16")!;
    expect(plan({ envFrom: [{ secretRef: { name: "pg" } }] }, postgres).exitAt).toBeNull();
    expect(plan({}, postgres).exitCode).toBe(1);
  });
});
