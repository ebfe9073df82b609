// PLACEHOLDER — being written.
export function ObjectPage(_props: { group: string; version: string; resource: string; namespace: string | undefined; name: string }) {
  return <p>Object page</p>;
}
