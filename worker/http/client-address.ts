// The client's address: CF-Connecting-IP, which Cloudflare sets (a client cannot); X-Forwarded-For
// is never trusted. "unknown" where nothing sets it (local development, tests).
export const clientAddress = (request: Request) => request.headers.get("cf-connecting-ip")?.trim() || "unknown";
