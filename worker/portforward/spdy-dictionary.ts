// The preset zlib dictionary of SPDY/3 header blocks (draft 3, section 2.6.10.1): each common
// header name or value with its 4-byte big-endian length, then a run of status codes, reason
// phrases, dates and media types. Data from the spec; its Adler-32 (the DICTID a client's zlib
// header carries) is checked in the tests.

const ENTRIES = [
  "options", "head", "post", "put", "delete", "trace", "accept", "accept-charset", "accept-encoding", "accept-language",
  "accept-ranges", "age", "allow", "authorization", "cache-control", "connection", "content-base", "content-encoding",
  "content-language", "content-length", "content-location", "content-md5", "content-range", "content-type", "date",
  "etag", "expect", "expires", "from", "host", "if-match", "if-modified-since", "if-none-match", "if-range",
  "if-unmodified-since", "last-modified", "location", "max-forwards", "pragma", "proxy-authenticate",
  "proxy-authorization", "range", "referer", "retry-after", "server", "te", "trailer", "transfer-encoding", "upgrade",
  "user-agent", "vary", "via", "warning", "www-authenticate", "method", "get", "status", "200 OK", "version",
  "HTTP/1.1", "url", "public", "set-cookie", "keep-alive", "origin",
];

const TAIL =
  "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505" +
  "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized" +
  "403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable" +
  "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT" +
  "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain," +
  "text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.";

function build(): Uint8Array {
  const bytes: number[] = [];
  for (const entry of ENTRIES) {
    const n = entry.length;
    bytes.push((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
    for (let i = 0; i < n; i++) bytes.push(entry.charCodeAt(i));
  }
  for (let i = 0; i < TAIL.length; i++) bytes.push(TAIL.charCodeAt(i));
  return Uint8Array.from(bytes);
}

export const SPDY_DICTIONARY = build();

/** Adler-32 of the dictionary: the DICTID a zlib header names it by (kubectl's is e3c6a7c2). */
export const SPDY_DICTIONARY_ID = (() => {
  let a = 1;
  let b = 0;
  for (const x of SPDY_DICTIONARY) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
})();
