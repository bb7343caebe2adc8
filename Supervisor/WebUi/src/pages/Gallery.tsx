import * as Dialog from "@radix-ui/react-dialog";
import { Download, RotateCcw, Trash2, X } from "lucide-react";
import { Fragment, useEffect, useMemo, useRef, useState } from "react";
import { api, thumbUrl } from "../api/client";
import { navigate } from "../lib/router";
import type { FormValues } from "../lib/paramForm";
import { seedGenerate } from "./Generate";
import type { Job, JobOutput } from "../api/types";
import { useToast } from "../components/Toasts";

interface Item { job: Job; output: JobOutput; key: string }
const CELL = 176;

/** Server thumbnails in a grid that renders only the rows in view, a lightbox, multi-select to ZIP, delete. */
export function GalleryPage({ tick }: { tick: number }) {
  const toast = useToast();
  const [jobs, setJobs] = useState<Job[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<Item | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 800, width: 800 });

  useEffect(() => { api.history("completed", undefined, 500).then((h) => setJobs(h.jobs)).catch((e) => toast("Could not read the gallery", e)); }, [tick, toast]);
  const items = useMemo<Item[]>(() => jobs.flatMap((j) => j.outputs.filter((o) => o.url).map((o) => ({ job: j, output: o, key: `${j.job_id}/${o.filename}` }))), [jobs]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight, width: el.clientWidth });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    el.addEventListener("scroll", measure, { passive: true });
    return () => { ro.disconnect(); el.removeEventListener("scroll", measure); };
  }, []);
  const perRow = Math.max(1, Math.floor(view.width / CELL));
  const rows = Math.ceil(items.length / perRow);
  const first = Math.max(0, Math.floor(view.top / CELL) - 1), last = Math.min(rows, Math.ceil((view.top + view.height) / CELL) + 1);
  const visible = items.slice(first * perRow, last * perRow);

  const toggle = (key: string) => setSelected((s) => { const n = new Set(s); if (n.has(key)) n.delete(key); else n.add(key); return n; });
  const zip = async () => {
    try {
      const blob = await api.zip(items.filter((i) => selected.has(i.key)).map((i) => ({ job_id: i.job.job_id, filename: i.output.filename })));
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob); a.download = "sd-outputs.zip"; a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (e) { toast("ZIP failed", e); }
  };
  const remove = async () => {
    const ids = new Set(items.filter((i) => selected.has(i.key)).map((i) => i.job.job_id));
    for (const id of ids) await api.deleteJob(id).catch((e) => toast(`Delete ${id} failed`, e));
    setSelected(new Set());
    setJobs((all) => all.filter((j) => !ids.has(j.job_id)));
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="font-semibold">Gallery</h2><span className="text-sm">{items.length} images · {selected.size} selected</span>
        <button className="btn ml-auto" disabled={!selected.size} onClick={zip}><Download size={14} />Download ZIP</button>
        <button className="btn" disabled={!selected.size} onClick={remove}><Trash2 size={14} />Delete jobs</button>
      </div>
      <div ref={scroller} className="h-[calc(100vh-10rem)] overflow-auto" data-testid="gallery">
        <div className="relative" style={{ height: rows * CELL }}>
          {visible.map((item, i) => {
            const index = first * perRow + i;
            return (
              <div key={item.key} className="absolute p-1" style={{ top: Math.floor(index / perRow) * CELL, left: `${(100 * (index % perRow)) / perRow}%`, width: `${100 / perRow}%`, height: CELL }}>
                <div className="relative h-full overflow-hidden rounded border border-zinc-200 dark:border-zinc-800">
                  <button className="h-full w-full" onClick={() => setOpen(item)} aria-label={`Open ${item.output.filename}`}>
                    <img src={thumbUrl(item.output.url!)} alt="" loading="lazy" className="h-full w-full object-cover" data-testid="gallery-image" />
                  </button>
                  <input type="checkbox" className="absolute left-2 top-2 h-4 w-4" checked={selected.has(item.key)} onChange={() => toggle(item.key)} aria-label={`Select ${item.key}`} />
                </div>
              </div>);
          })}
        </div>
      </div>
      <Dialog.Root open={!!open} onOpenChange={(o) => !o && setOpen(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-black/70" />
          <Dialog.Content className="fixed inset-2 z-50 grid gap-2 overflow-auto rounded-lg bg-white p-3 sm:inset-8 lg:grid-cols-[1fr_20rem] dark:bg-zinc-950" aria-describedby={undefined}>
            <Dialog.Title className="sr-only">Image</Dialog.Title>
            {open && <>
              <img src={open.output.url!} alt={open.output.filename} className="mx-auto max-h-full max-w-full object-contain" style={{ aspectRatio: `${open.output.width}/${open.output.height}` }} />
              <div className="space-y-2 text-xs">
                <p>{open.output.width}×{open.output.height} · seed {open.output.seed}</p>
                <PngInfo key={open.key} item={open} />
                <a className="btn" href={open.output.url!} download><Download size={12} />Download</a>
              </div>
            </>}
            <Dialog.Close className="btn absolute right-2 top-2" aria-label="Close"><X size={14} /></Dialog.Close>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </div>
  );
}

/**
 * An output's parameters: the job's own (what was asked, resolved), and the text the PNG carries, read back by the
 * server's png-info route, so what a downloaded file says is shown too.
 */
function PngInfo({ item }: { item: Item }) {
  const [info, setInfo] = useState<{ info: string; items: Record<string, unknown> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    (async () => {
      const blob = await (await fetch(item.output.url!, { credentials: "same-origin" })).blob();
      const data = await new Promise<string>((resolve, reject) => { const r = new FileReader(); r.onload = () => resolve(String(r.result)); r.onerror = () => reject(r.error); r.readAsDataURL(blob); });
      const answer = await api.pngInfo(data);
      if (alive) setInfo(answer);
    })().catch((e) => alive && setError(e instanceof Error ? e.message : String(e)));
    return () => { alive = false; };
  }, [item.output.url]);
  const params = Object.entries(item.job.params ?? {}).filter(([, v]) => v !== null && v !== "" && !(Array.isArray(v) && !v.length));
  const show = (v: unknown) => (typeof v === "object" ? JSON.stringify(v) : String(v));
  return (
    <section aria-label="PNG info" className="space-y-2" data-testid="png-info">
      <h3 className="font-semibold">Parameters</h3>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 gap-y-0.5">
        <dt className="text-zinc-500">type</dt><dd>{item.job.type}</dd>
        {params.map(([k, v]) => <Fragment key={k}><dt className="text-zinc-500">{k.replace(/_/g, " ")}</dt><dd className="break-words">{show(v)}</dd></Fragment>)}
      </dl>
      <h3 className="font-semibold">PNG info</h3>
      {error ? <p className="text-red-600">{error}</p> : !info ? <p className="text-zinc-500">Reading…</p>
        : info.info ? <pre className="overflow-auto whitespace-pre-wrap rounded bg-zinc-100 p-2 dark:bg-zinc-900" data-testid="png-info-text">{info.info}</pre>
        : <p className="text-zinc-500">The file carries no parameters text.</p>}
      {info && Object.keys(info.items).filter((k) => k !== "parameters").map((k) => <p key={k}><b>{k}</b>: {show(info.items[k])}</p>)}
      {item.job.params && (item.job.type in { text2img: 1, img2img: 1, inpainting: 1, controlnet: 1, upscale: 1, video: 1 }) && (
        <button className="btn" onClick={() => { seedGenerate({ mode: item.job.type, values: plain(item.job.params!) }); navigate("/"); }}>
          <RotateCcw size={12} />Reuse parameters</button>)}
    </section>
  );
}

const plain = (params: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(params).filter(([, v]) => v === null || typeof v !== "object")) as FormValues;
