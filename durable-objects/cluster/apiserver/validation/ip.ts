// IP fields of core/v1 (clusterIPs, externalIPs, endpoint addresses): 1.33 still parses them
// sloppily (IsValidIPForLegacyField without StrictIPCIDRValidation), as dns-names.ts isIP does.
import { isIP } from "./dns-names";

export { isIP };

export const isIPv6 = (s: string) => s.includes(":") && isIP(s);

/** kube's message for a value that is not an IP address. */
export const IP_ERROR = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
