// PLACEHOLDER — being written.
export function ArchitectureView() {
  return <p>Architecture</p>;
}
