// Part 10: the admission chain's cost per pod create, inside one cluster DO (no HTTP): rounds of `n`
// dry-run pod creates and of `n` runs of the chain alone, in a namespace without policies and in one
// with a LimitRange, a ResourceQuota and Pod Security labels (enforce baseline, warn restricted).
// µs per pod per round come from the in-DO clock (1 ms resolution, so rounds are hundreds of pods);
// "without the chain" is a create's cost less the chain's.
import { summarize } from "./stats.mjs";

export async function benchAdmission(mf, { quick }) {
  const ns = await mf.getDurableObjectNamespace("CLUSTER");
  const stub = ns.get(ns.idFromName(`bench-admission-${Date.now()}`));
  const rounds = quick ? 5 : 20;
  const n = 500;
  const per = { plainCreate: [], plainChain: [], policedCreate: [], policedChain: [], plainBare: [], policedBare: [] };
  await stub.benchAdmission(10); // setup (namespaces, LimitRange, quota counted) and warm-up
  for (let r = 0; r < rounds; r++) {
    const res = JSON.parse(await stub.benchAdmission(n));
    const us = (ms) => (ms * 1000) / res.n;
    per.plainCreate.push(us(res.plain.createMs));
    per.plainChain.push(us(res.plain.chainMs));
    per.plainBare.push(us(res.plain.createMs - res.plain.chainMs));
    per.policedCreate.push(us(res.policed.createMs));
    per.policedChain.push(us(res.policed.chainMs));
    per.policedBare.push(us(res.policed.createMs - res.policed.chainMs));
  }
  return { rounds, n, ...Object.fromEntries(Object.entries(per).map(([k, v]) => [k, summarize(v)])) };
}

export function printAdmission(a, table) {
  console.log(`\n10. Admission chain, µs per pod create inside the DO (${a.rounds} rounds of ${a.n} dry-run creates; p50/p99 over rounds)`);
  console.log(
    table(
      [["", "label"], ["p50 µs", "p50"], ["p99 µs", "p99"]],
      [
        { label: "no policies: whole create (ServiceAccount, Priority, tolerations, …)", ...a.plainCreate },
        { label: "no policies: the chain alone", ...a.plainChain },
        { label: "no policies: the create without the chain", ...a.plainBare },
        { label: "LimitRange + ResourceQuota + PodSecurity: whole create", ...a.policedCreate },
        { label: "LimitRange + ResourceQuota + PodSecurity: the chain alone", ...a.policedChain },
        { label: "LimitRange + ResourceQuota + PodSecurity: the create without the chain", ...a.policedBare },
      ],
    ),
  );
}
