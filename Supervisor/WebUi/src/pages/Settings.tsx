import { Monitor, Moon, Sun } from "lucide-react";
import { useState } from "react";
import { applyTheme, settings, storedTheme, type Theme } from "../lib/theme";

export function SettingsPage() {
  const [theme, setTheme] = useState<Theme>(storedTheme());
  const [model, setModel] = useState(settings.defaultModel);
  const [previews, setPreviews] = useState(settings.previews);
  const pick = (t: Theme) => { setTheme(t); applyTheme(t); };
  return (
    <div className="max-w-md space-y-4 text-sm">
      <fieldset>
        <legend className="label">Theme</legend>
        <div className="flex gap-1" role="radiogroup">
          {([["light", Sun], ["dark", Moon], ["system", Monitor]] as const).map(([t, Icon]) => (
            <button key={t} role="radio" aria-checked={theme === t} className={`btn ${theme === t ? "bg-indigo-600 text-white hover:bg-indigo-500" : ""}`} onClick={() => pick(t)}><Icon size={14} />{t}</button>))}
        </div>
      </fieldset>
      <div>
        <label className="label" htmlFor="default-model">Default model (model id)</label>
        <input id="default-model" className="field" value={model} onChange={(e) => { setModel(e.target.value); settings.defaultModel = e.target.value; }} />
      </div>
      <label className="flex items-center gap-2"><input type="checkbox" checked={previews} onChange={(e) => { setPreviews(e.target.checked); settings.previews = e.target.checked; }} />Show previews while generating</label>
      <p className="text-xs text-zinc-500">Kept in this browser.</p>
    </div>
  );
}
