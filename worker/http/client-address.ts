// The client's address: CF-Connecting-IP, which Cloudflare sets (a client cannot); X-Forwarded-For
// is never trusted. "unknown" where nothing sets it (local development, tests).
export const clientAddress = (request: Request) => request.headers.get("cf-connecting-ip")?.trim() || "unknown";

/**
 * What limits count a client by: an IPv4 address itself, an IPv6 address's /64 (one subscriber's
 * usual allocation, inside which a client can take a new address for every request).
 */
export function clientNetwork(request: Request): string {
  const address = clientAddress(request).toLowerCase();
  if (!address.includes(":")) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1]!;
  const halves = address.split("::");
  if (halves.length > 2) return address;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return address;
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return address;
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}
