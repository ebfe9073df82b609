// The client's address and the network limits count it by: an IPv4 address itself, an IPv6
// address's /64 (what one subscriber usually gets: rotating addresses inside it is free).
import { describe, expect, it } from "vitest";
import { clientAddress, clientNetwork } from "./client-address";

const request = (headers: Record<string, string>) => new Request("https://kubedo.test/", { headers });

describe("client address", () => {
  it("is CF-Connecting-IP, never X-Forwarded-For", () => {
    expect(clientAddress(request({ "CF-Connecting-IP": " 203.0.113.7 ", "X-Forwarded-For": "198.51.100.1" }))).toBe("203.0.113.7");
    expect(clientAddress(request({ "X-Forwarded-For": "198.51.100.1" }))).toBe("unknown");
  });

  it("counts IPv4 by address and IPv6 by /64", () => {
    const network = (ip: string) => clientNetwork(request({ "CF-Connecting-IP": ip }));
    expect(network("203.0.113.7")).toBe("203.0.113.7");
    expect(network("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(network("2001:0db8:0001:0002:ffff:eeee:dddd:cccc")).toBe("2001:db8:1:2::/64");
    expect(network("2001:DB8:1:2:a::")).toBe("2001:db8:1:2::/64");
    expect(network("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(network("::1")).toBe("0:0:0:0::/64");
    expect(network("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(network("not-an-address")).toBe("not-an-address");
    expect(clientNetwork(request({}))).toBe("unknown");
  });
});
