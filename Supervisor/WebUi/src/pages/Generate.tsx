import { Dice5, Download, Lock, RotateCcw, Send, Square, Unlock } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError, api, MODES, PATHS, path, type Mode } from "../api/client";
import { subscribe } from "../api/sse";
import type { Job, Model, ParameterSpec } from "../api/types";
import { ImageInput } from "../components/ImageInput";
import { MaskEditor, maskPng } from "../components/MaskEditor";
import { useToast } from "../components/Toasts";
import type { MaskModel } from "../lib/mask";
import { applyRecommended, buildRequest, defaultsFor, fieldsFor, stepOf, validateAll, type FormValues } from "../lib/paramForm";
import { settings } from "../lib/theme";

/** What another page hands to Generate: "send to img2img", "reuse parameters". */
export interface GenerateSeed { mode?: Mode; values?: FormValues; image?: string }
let pendingSeed: GenerateSeed | null = null;
export const seedGenerate = (s: GenerateSeed) => { pendingSeed = s; };

const IMAGE_FIELD: Partial<Record<Mode, string>> = { img2img: "init_image", inpainting: "source_image", upscale: "image" };

export function GeneratePage() {
  const toast = useToast();
  const [specs, setSpecs] = useState<ParameterSpec[] | null>(null);
  const [models, setModels] = useState<Model[]>([]);
  const [mode, setMode] = useState<Mode>(pendingSeed?.mode ?? "text2img");
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [image, setImage] = useState<string | null>(pendingSeed?.image ?? null);
  const [imageEl, setImageEl] = useState<HTMLImageElement | null>(null);
  const mask = useRef<MaskModel | null>(null);
  const [seedLocked, setSeedLocked] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    Promise.all([api.parameters(), api.models()]).then(([p, m]) => {
      setSpecs(p.parameters);
      setModels(m.models.filter((x) => x.type === "checkpoint" || x.type === "diffusion_model" || x.loadable));
      const seed = pendingSeed; pendingSeed = null;
      setValues({ ...defaultsFor(p.parameters, seed?.mode ?? "text2img"), ...(settings.defaultModel ? { model: settings.defaultModel } : {}), ...(seed?.values ?? {}) });
    }).catch((e) => toast("Could not read the parameters", e));
  }, [toast]);

  useEffect(() => {
    setImageEl(null);
    if (!image || mode !== "inpainting") return;
    const el = new Image();
    el.onload = () => setImageEl(el);
    el.src = image;
  }, [image, mode]);

  const fields = useMemo(() => (specs ? fieldsFor(specs, mode) : []), [specs, mode]);
  const has = (name: string) => !!specs?.some((s) => s.name === name && s.modes.includes(mode));
  const set = (name: string, v: string | number | boolean | null) => setValues((old) => ({ ...old, [name]: v }));
  const selectedModel = models.find((m) => m.id === values.model);

  const pickModel = async (id: string) => {
    set("model", id || null);
    if (!id || !specs) return;
    try {
      const detail = await api.model(id);
      setValues((old) => applyRecommended({ ...old, model: id }, detail.recommended, specs, mode));
    } catch (e) { toast("Could not read the model", e); }
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!specs) return;
    // Images are fields like any other: the server's spec says which are required in this mode.
    const withImages: FormValues = { ...values };
    const field = IMAGE_FIELD[mode];
    if (field) withImages[field] = image;
    if (mode === "inpainting") withImages.mask_image = mask.current && !mask.current.isEmpty() ? maskPng(mask.current) : null;
    const errs = validateAll(specs, mode, withImages);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const body = buildRequest(specs, mode, withImages);
    if (!seedLocked && has("seed")) body.seed = -1;
    setBusy(true);
    try {
      const { job_id } = await api.generate(mode, body);
      setJob(await api.job(job_id));
    } catch (err) {
      if (err instanceof ApiError && err.body.errors) setErrors(Object.fromEntries(Object.entries(err.body.errors).map(([k, v]) => [k, v.join(" ")])));
      toast("The server refused the job", err);
    } finally { setBusy(false); }
  };

  // Live progress: the job's own stream; EventSource resumes with Last-Event-ID after a drop.
  useEffect(() => {
    if (!job || ["completed", "failed", "cancelled"].includes(job.status)) return;
    const update = (j: Job) => setJob((old) => (old && old.job_id === j.job_id ? { ...old, ...j } : old));
    const close = subscribe(path(PATHS.jobEvents, { jobId: job.job_id }),
      { queued: update, started: update, progress: update, requeued: update, completed: update, failed: update, cancelled: update, position: update, preview: update },
      () => api.job(job.job_id).then(update).catch(() => {}));
    return close;
  }, [job?.job_id, job?.status]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!specs) return <p className="text-sm text-zinc-500">Loading parameters…</p>;
  const seedSpec = specs.find((s) => s.name === "seed");

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,26rem)_1fr]">
      <form onSubmit={submit} className="space-y-3" aria-label="Generate" noValidate>
        <div role="tablist" aria-label="Mode" className="flex flex-wrap gap-1">
          {MODES.map((m) => (
            <button key={m} type="button" role="tab" aria-selected={mode === m} className={`btn ${mode === m ? "bg-indigo-600 text-white hover:bg-indigo-500" : ""}`}
              onClick={() => { setMode(m); setValues((old) => ({ ...defaultsFor(specs, m), ...old })); setErrors({}); }}>{m}</button>
          ))}
        </div>
        {has("model") && (
          <div>
            <label className="label" htmlFor="model">Model</label>
            <select id="model" className="field" value={String(values.model ?? "")} onChange={(e) => pickModel(e.target.value)}>
              <option value="">server default</option>
              {models.map((m) => <option key={m.id} value={m.id}>{m.name} ({m.architecture})</option>)}
            </select>
            {selectedModel && selectedModel.requirements.missing.length > 0 && (
              <p className="mt-1 text-xs text-amber-600">Missing: {selectedModel.requirements.missing.map((r) => `${r.kind} (${r.message})`).join("; ")}</p>
            )}
          </div>
        )}
        {has("prompt") && <TextField name="prompt" label="Prompt" values={values} set={set} error={errors.prompt} rows={3} />}
        {has("negative_prompt") && <TextField name="negative_prompt" label="Negative prompt" values={values} set={set} error={errors.negative_prompt} rows={2} />}
        {IMAGE_FIELD[mode] && <ImageInput label={mode === "inpainting" ? "Source image" : "Image"} value={image} onChange={setImage} />}
        {errors[IMAGE_FIELD[mode] ?? ""] && <p className="text-xs text-red-600">{errors[IMAGE_FIELD[mode]!]}</p>}
        {mode === "inpainting" && imageEl && <MaskEditor key={imageEl.src} image={imageEl} onChange={(m) => { mask.current = m; }} />}
        {errors.mask_image && <p className="text-xs text-red-600">{errors.mask_image}</p>}
        <div className="grid grid-cols-2 gap-2">
          {fields.filter((f) => f.name !== "seed").map((f) => <Field key={f.name} spec={f} values={values} set={set} error={errors[f.name]} />)}
        </div>
        {seedSpec && seedSpec.modes.includes(mode) && (
          <div>
            <label className="label" htmlFor="seed">Seed</label>
            <div className="flex gap-1">
              <input id="seed" className="field" type="number" min={seedSpec.min ?? undefined} value={String(values.seed ?? "")} disabled={!seedLocked}
                onChange={(e) => set("seed", e.target.value)} />
              <button type="button" className="btn" onClick={() => setSeedLocked((l) => !l)} aria-label={seedLocked ? "Unlock seed (random)" : "Lock seed"}>
                {seedLocked ? <Lock size={14} /> : <Unlock size={14} />}</button>
              <button type="button" className="btn" aria-label="New random seed" onClick={() => { setSeedLocked(true); set("seed", Math.floor(Math.random() * 2 ** 31)); }}><Dice5 size={14} /></button>
            </div>
          </div>
        )}
        <button type="submit" className="btn-primary w-full justify-center" disabled={busy}><Send size={14} />Generate</button>
      </form>
      <ResultView job={job} onReuse={(j) => { setValues((old) => ({ ...old, ...(j.params as FormValues) })); setSeedLocked(true); }}
        onSendTo={(m, url) => { setMode(m); setErrors({}); toDataUrl(url).then(setImage).catch((e) => toast("Could not read the image", e)); }} />
    </div>
  );
}

/** Our own output as a data URL: the server's URL import refuses loopback addresses, as it should. */
async function toDataUrl(url: string): Promise<string> {
  const blob = await (await fetch(url, { credentials: "same-origin" })).blob();
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
}

function TextField({ name, label, values, set, error, rows }: { name: string; label: string; values: FormValues; set: (n: string, v: string) => void; error?: string; rows: number }) {
  return (
    <div>
      <label className="label" htmlFor={name}>{label}</label>
      <textarea id={name} className="field" rows={rows} value={String(values[name] ?? "")} onChange={(e) => set(name, e.target.value)} aria-invalid={!!error} aria-describedby={error ? `${name}-error` : undefined} />
      {error && <p id={`${name}-error`} className="text-xs text-red-600">{error}</p>}
    </div>
  );
}

function Field({ spec, values, set, error }: { spec: ParameterSpec; values: FormValues; set: (n: string, v: string | number | boolean | null) => void; error?: string }) {
  const id = `f-${spec.name}`;
  const label = spec.name.replace(/_/g, " ");
  let control;
  if (spec.allowed) control = (
    <select id={id} className="field" value={String(values[spec.name] ?? "")} onChange={(e) => set(spec.name, e.target.value || null)}>
      <option value="">{spec.required ? "choose" : "default"}</option>
      {spec.allowed.map((a) => <option key={a} value={a}>{a}</option>)}
    </select>);
  else if (spec.type === "boolean") control = <input id={id} type="checkbox" checked={!!values[spec.name]} onChange={(e) => set(spec.name, e.target.checked)} />;
  else control = (
    <input id={id} className="field" type={spec.type === "string" ? "text" : "number"} min={spec.min ?? undefined} max={spec.max ?? undefined} step={stepOf(spec)}
      value={String(values[spec.name] ?? "")} onChange={(e) => set(spec.name, e.target.value)} aria-invalid={!!error} />);
  return (
    <div title={spec.description}>
      <label className="label" htmlFor={id}>{label}</label>
      {control}
      {error && <p className="text-xs text-red-600">{error}</p>}
    </div>
  );
}

function ResultView({ job, onReuse, onSendTo }: { job: Job | null; onReuse: (j: Job) => void; onSendTo: (m: Mode, url: string) => void }) {
  const toast = useToast();
  if (!job) return <div className="card grid min-h-64 place-items-center text-sm text-zinc-500">The result appears here.</div>;
  const p = job.progress;
  const pct = p ? Math.round((100 * p.step) / Math.max(1, p.steps)) : job.status === "completed" ? 100 : 0;
  return (
    <section className="card space-y-3" aria-label="Result" data-testid="result">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium" data-testid="job-status">{job.status}</span>
        {job.position ? <span>position {job.position}</span> : null}
        {p && <span>{p.phase} {p.step}/{p.steps}{p.eta_seconds != null ? ` · ETA ${p.eta_seconds.toFixed(1)} s` : ""}</span>}
        {job.worker_id && <span>on {job.worker_id}</span>}
        <span>attempt {job.attempts}</span>
        {(job.status === "queued" || job.status === "running") && (
          <button className="btn ml-auto" onClick={() => api.cancel(job.job_id).catch((e) => toast("Cancel failed", e))}><Square size={14} />Cancel</button>)}
      </div>
      <div className="h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <div className="h-full bg-indigo-600 transition-all" style={{ width: `${pct}%` }} />
      </div>
      {job.error && <p className="text-sm text-red-600" role="alert">{job.error.kind}: {job.error.message}</p>}
      {p?.preview && settings.previews && <img src={`data:image/png;base64,${p.preview}`} alt="Preview" className="max-h-96 rounded" />}
      <div className="grid gap-2 sm:grid-cols-2">
        {job.outputs.filter((o) => o.url).map((o) => (
          <figure key={o.filename} className="space-y-1">
            <img src={o.url!} alt={`Output ${o.filename}`} width={o.width} height={o.height} className="h-auto w-full rounded" style={{ aspectRatio: `${o.width}/${o.height}` }} data-testid="result-image" />
            <figcaption className="flex flex-wrap gap-1 text-xs">
              <a className="btn" href={o.url!} download={o.filename}><Download size={12} />Download</a>
              <button className="btn" onClick={() => onSendTo("img2img", o.url!)}>→ img2img</button>
              <button className="btn" onClick={() => onSendTo("inpainting", o.url!)}>→ inpaint</button>
              <button className="btn" onClick={() => onSendTo("upscale", o.url!)}>→ upscale</button>
              <span className="self-center">seed {o.seed}</span>
            </figcaption>
          </figure>
        ))}
      </div>
      {job.status === "completed" && job.params && <button className="btn" onClick={() => onReuse(job)}><RotateCcw size={14} />Reuse parameters</button>}
    </section>
  );
}
