// Values the catalogue's files share.

export const MI = 1024 * 1024;
/** Debian-based images: dash is /bin/sh, bash is there. */
export const DEBIAN_SHELLS = ["sh", "bash", "dash"];
/** Alpine and busybox images: busybox's ash is /bin/sh. */
export const ALPINE_SHELLS = ["sh", "ash"];
