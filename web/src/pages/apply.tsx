// PLACEHOLDER — being written.
export function ApplyPanel() {
  return <p>Apply</p>;
}
