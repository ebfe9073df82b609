// PLACEHOLDER — being written.
export function ClockPanel() {
  return <p>Clock</p>;
}
