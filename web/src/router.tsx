// Path routing for the single-page console. The Worker serves index.html for any path that is not an
// asset or an API route (single-page-application fallback), so every view has a real URL.
import { useState, type PropsWithChildren } from "hono/jsx/dom";
import { useCommitEffect } from "./hooks";

const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  for (const l of listeners) l();
}

window.addEventListener("popstate", () => {
  for (const l of listeners) l();
});

export interface Location {
  path: string;
  query: URLSearchParams;
}

export function useLocation(): Location {
  const read = () => ({ path: location.pathname, query: new URLSearchParams(location.search) });
  const [loc, setLoc] = useState<Location>(read);
  useCommitEffect(() => {
    const update = () => setLoc(read());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return loc;
}

/** Matches `/a/:b/:c*` patterns; `*` on the last parameter takes the rest of the path. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i]!;
    if (part.startsWith(":") && part.endsWith("*")) {
      params[part.slice(1, -1)] = s.slice(i).map(decodeURIComponent).join("/");
      return params;
    }
    if (s[i] === undefined) return null;
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(s[i]!);
    else if (part !== s[i]) return null;
  }
  return p.length === s.length ? params : null;
}

/** An in-app link: a real <a href> (keyboard, middle-click, copy link), navigated without reload. */
export function Link(props: PropsWithChildren<{ href: string; class?: string; "aria-current"?: "page" | undefined; title?: string }>) {
  const { href, children, ...rest } = props;
  return (
    <a
      href={href}
      {...rest}
      onClick={(e: MouseEvent) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
