// Part 8: what deciding a pull costs (kubelet/images): the simulated registry's lookup, bundled by Vite
// for Node (the same V8 as workerd) and timed in a fresh process, so the first use of the official list
// (indexing it, decoding one repository's tags) is measured as an isolate would pay it.
//
// Run by bench/run.mjs (section 8), or alone: node bench/images.mjs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import { ROOT } from "./miniflare.mjs";
import { table } from "./stats.mjs";

/** The timing run, in the child: first uses, then warm lookups (hits, misses, catalogued, generic). */
const PROBE = `
import { resolveImage } from "./images.mjs";
const ns = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const first = {};
for (const ref of ["nginx:1.27", "redis:6.0.5", "openjdk:8-jdk-alpine", "php:8.3-apache", "gcr.io/google-samples/kubernetes-bootcamp:v1", "ghcr.io/someone/app:1.0"]) {
  const t0 = process.hrtime.bigint();
  resolveImage(ref);
  first[ref] = ns(t0);
}
const refs = ["nginx:1.27", "nginx:9.99", "ngnix", "redis:7-alpine", "busybox:1.28", "openjdk:17", "php:7.4-fpm", "gcr.io/google-samples/kubernetes-bootcamp:v10", "ghcr.io/someone/app:1.0", "registry.k8s.io/pause:3.10"];
const rounds = [];
for (let r = 0; r < 20; r++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 2000; i++) resolveImage(refs[i % refs.length]);
  rounds.push((ns(t0) * 1e3) / 2000);
}
rounds.sort((a, b) => a - b);
console.log(JSON.stringify({ first, warmMicros: { p50: rounds[10], p99: rounds[19] } }));
`;

export async function benchImages() {
  const dir = mkdtempSync(join(tmpdir(), "kubedo-bench-images-"));
  try {
    await build({
      root: ROOT,
      logLevel: "warn",
      configFile: false,
      build: {
        outDir: dir,
        emptyOutDir: false,
        minify: false,
        ssr: join(ROOT, "durable-objects/cluster/kubelet/images/index.ts"),
        rollupOptions: { output: { entryFileNames: "images.mjs", format: "es" } },
      },
    });
    writeFileSync(join(dir, "probe.mjs"), PROBE);
    const res = spawnSync(process.execPath, [join(dir, "probe.mjs")], { encoding: "utf8" });
    if (res.status !== 0) throw new Error(`image lookup probe failed:\n${res.stderr}`);
    return JSON.parse(res.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printImages(result) {
  console.log(
    table(
      [["", "label"], ["ms", "ms"]],
      Object.entries(result.first).map(([ref, ms]) => ({ label: `first resolveImage("${ref}") in a fresh isolate`, ms })),
    ),
  );
  console.log(`warm resolveImage (a mix of hits, misses, catalogued and generic references): p50 ${result.warmMicros.p50.toFixed(2)} µs, p99 ${result.warmMicros.p99.toFixed(2)} µs per call`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchImages();
  console.log("8. Image pulls: the simulated registry's lookup");
  printImages(result);
  console.log(`BENCH_IMAGES_JSON ${JSON.stringify(result)}`);
}
