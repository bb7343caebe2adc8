import { useEffect, useState } from "react";

/** The app's pages are paths under /ui/ (the server answers index.html for them); a tiny router is all they need. */
export const BASE = "/ui";

export function navigate(to: string) {
  history.pushState(null, "", BASE + to);
  dispatchEvent(new PopStateEvent("popstate"));
}

export function useRoute(): string {
  const read = () => location.pathname.replace(/^\/ui/, "") || "/";
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    addEventListener("popstate", on);
    return () => removeEventListener("popstate", on);
  }, []);
  return route;
}
