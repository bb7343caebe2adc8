export type Theme = "light" | "dark" | "system";
const KEY = "sds.theme";

export function storedTheme(): Theme {
  const t = localStorage.getItem(KEY);
  return t === "light" || t === "dark" ? t : "system";
}

/** Follows prefers-color-scheme until the user picks light or dark; the pick is kept in this browser. */
export function applyTheme(theme: Theme) {
  if (theme === "system") localStorage.removeItem(KEY); else localStorage.setItem(KEY, theme);
  const dark = theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

export const settings = {
  get defaultModel() { return localStorage.getItem("sds.defaultModel") ?? ""; },
  set defaultModel(v: string) { if (v) localStorage.setItem("sds.defaultModel", v); else localStorage.removeItem("sds.defaultModel"); },
  get previews() { return localStorage.getItem("sds.previews") !== "off"; },
  set previews(v: boolean) { localStorage.setItem("sds.previews", v ? "on" : "off"); },
};
