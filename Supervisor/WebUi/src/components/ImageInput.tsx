import { ImagePlus } from "lucide-react";
import { useState } from "react";

/** An input image by file picker, drag-and-drop, paste, or URL (which the server imports, SSRF-safe). */
export function ImageInput({ id, label, value, onChange }: { id: string; label: string; value: string | null; onChange: (v: string | null) => void }) {
  const [url, setUrl] = useState("");
  const read = (file: File | undefined) => {
    if (!file || !file.type.startsWith("image/")) return;
    const r = new FileReader();
    r.onload = () => onChange(String(r.result));
    r.readAsDataURL(file);
  };
  return (
    <div onDragOver={(e) => e.preventDefault()} onDrop={(e) => { e.preventDefault(); read(e.dataTransfer.files[0]); }}
      onPaste={(e) => read(Array.from(e.clipboardData.files)[0])} className="card space-y-2 border-dashed" role="group" aria-labelledby={`${id}-label`}>
      <span className="label" id={`${id}-label`}>{label}</span>
      {/* A fixed box: a picked picture does not push the form down twice (once empty, once loaded). */}
      {value && !value.startsWith("http") ? <img src={value} alt={label} className="h-48 w-full rounded object-contain" data-testid={`${id}-preview`} />
        : value && <p className="text-xs break-all">{value}</p>}
      <div className="flex flex-wrap items-center gap-2">
        <label className="btn cursor-pointer"><ImagePlus size={14} />File<input id={`${id}-file`} type="file" accept="image/*" className="sr-only" aria-label={`${label} file`} onChange={(e) => read(e.target.files?.[0])} /></label>
        <input id={`${id}-url`} className="field flex-1" placeholder="or paste, drop, or an https:// URL" value={url} aria-label={`${label} URL`}
          onChange={(e) => setUrl(e.target.value)} onBlur={() => url && onChange(url)} onKeyDown={(e) => { if (e.key === "Enter") { e.preventDefault(); if (url) onChange(url); } }} />
        {value && <button type="button" className="btn" onClick={() => onChange(null)}>Remove</button>}
      </div>
    </div>
  );
}
