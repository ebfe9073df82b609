// PLACEHOLDER — being written.
export function TopologyView() {
  return <p>Topology</p>;
}
