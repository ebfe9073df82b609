/** The first string sorting after every string that starts with `prefix` (exclusive range end). */
export function prefixEnd(prefix: string): string {
  if (prefix === "") return "\u{10FFFF}";
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
