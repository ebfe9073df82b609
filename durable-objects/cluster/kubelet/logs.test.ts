import { describe, expect, it } from "vitest";
import { containerLogs, logLinesBetween } from "./logs";
import { FakeNode, makePod, T0 } from "./testing";

const busybox = (script: string, restartPolicy = "Always") =>
  makePod("job", { restartPolicy, containers: [{ name: "app", image: "busybox", command: ["sh", "-c", script] }] });

describe("containerLogs", () => {
  it("prints what the script echoed, with timestamps", () => {
    const n = new FakeNode(busybox("echo hello; sleep 5", "Never")).runFor(10_000);
    expect(containerLogs(n.pod, "app", n.now, {})).toEqual({ text: "hello\n" });
    expect(containerLogs(n.pod, "app", n.now, { timestamps: true })).toEqual({ text: "2026-11-27T14:50:00.000000000Z hello\n" });
  });

  it("--previous reads the last terminated run, or says there is none", () => {
    const n = new FakeNode(busybox("echo run; sleep 5")).runFor(2000);
    expect(containerLogs(n.pod, "app", n.now, { previous: true })).toEqual({ error: 'previous terminated container "app" in pod "job" not found' });
    n.runFor(5000);
    expect(containerLogs(n.pod, "app", n.now, { previous: true })).toEqual({ text: "run\n" });
  });

  it("tails an endless loop", () => {
    const n = new FakeNode(busybox("while true; do echo hi; sleep 1; done")).runFor(60_000);
    const r = containerLogs(n.pod, "app", n.now, { tailLines: 3 });
    expect(r).toEqual({ text: "hi\nhi\nhi\n" });
    const all = containerLogs(n.pod, "app", n.now, {});
    expect("text" in all && all.text.split("\n").length - 1).toBe(61);
    const since = containerLogs(n.pod, "app", n.now, { sinceSeconds: 10 });
    expect("text" in since && since.text.split("\n").length - 1).toBe(11);
  });

  it("streams with logLinesBetween", () => {
    const n = new FakeNode(busybox("while true; do date; sleep 2; done")).runFor(5000);
    const r = logLinesBetween(n.pod, "app", T0 + 1000, T0 + 5000);
    expect(r).toEqual({
      lines: [
        { time: T0 + 2000, text: "Fri Nov 27 14:50:02 UTC 2026" },
        { time: T0 + 4000, text: "Fri Nov 27 14:50:04 UTC 2026" },
      ],
      nextAt: T0 + 6000,
    });
  });

  it("a container still waiting to start", () => {
    const n = new FakeNode(makePod("p", { containers: [{ name: "c", image: "ngnix" }] })).runFor(100);
    expect(containerLogs(n.pod, "c", n.now, {})).toEqual({ error: `container "c" in pod "p" is waiting to start: image can't be pulled` });
    expect(containerLogs(n.pod, "nope", n.now, {})).toEqual({ error: "container nope is not valid for pod p" });
  });

  it("nginx start-up lines", () => {
    const n = new FakeNode(makePod("web", { containers: [{ name: "nginx", image: "nginx:1.27" }] })).runFor(1000);
    const r = containerLogs(n.pod, "nginx", n.now, {});
    expect("text" in r && r.text).toContain("[notice] 1#1: nginx/1.27.5");
    expect("text" in r && r.text).toContain("2026/11/27 14:50:00 [notice] 1#1: start worker processes");
  });
});
