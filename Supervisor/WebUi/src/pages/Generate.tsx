import { Dice5, Download, Lock, Plus, RotateCcw, Send, Square, Unlock, X } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError, api, PATHS, path, type Mode } from "../api/client";
import { subscribe } from "../api/sse";
import type { Job, JobOutput, Model, ParameterSpec } from "../api/types";
import { ImageInput } from "../components/ImageInput";
import { MaskEditor, maskPng } from "../components/MaskEditor";
import { useToast } from "../components/Toasts";
import type { MaskModel } from "../lib/mask";
import {
  applyRecommended, buildRequest, canAddLora, defaultsFor, fieldErrors, fieldsFor, hiresBody, hiresDefaults, hiresFieldsOf, imageFieldsFor, lorasBody,
  MODEL_FIELDS, modesOf, newLora, stepOf, validateAll, validateHires, validateLoras, type FormValues, type LoraRow,
} from "../lib/paramForm";
import { settings } from "../lib/theme";

/** What another page hands to Generate: "send to img2img", "reuse parameters". */
export interface GenerateSeed { mode?: Mode; values?: FormValues; image?: string }
let pendingSeed: GenerateSeed | null = null;
export const seedGenerate = (s: GenerateSeed) => { pendingSeed = s; };

const label = (name: string) => name.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
type Choices = { names: string[]; default: string | null };

export function GeneratePage() {
  const toast = useToast();
  const [specs, setSpecs] = useState<ParameterSpec[] | null>(null);
  const [catalog, setCatalog] = useState<Model[]>([]);
  const [choices, setChoices] = useState<Record<string, Choices>>({});
  const [mode, setMode] = useState<Mode>(pendingSeed?.mode ?? "text2img");
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Input images by field name (init_image, source_image, control_image, image...): the spec says which a mode takes.
  const [images, setImages] = useState<Record<string, string | null>>({});
  const [imageEl, setImageEl] = useState<HTMLImageElement | null>(null);
  const mask = useRef<MaskModel | null>(null);
  const [loras, setLoras] = useState<LoraRow[]>([]);
  const [hiresOn, setHiresOn] = useState(false);
  const [seedLocked, setSeedLocked] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    Promise.all([api.parameters(), api.models(), api.samplers().catch(() => null), api.schedulers().catch(() => null)]).then(([p, m, sa, sc]) => {
      setSpecs(p.parameters);
      setCatalog(m.models);
      setChoices({
        ...(sa ? { sampling_method: { names: sa.samplers.map((x) => x.name), default: sa.default } } : {}),
        ...(sc ? { scheduler: { names: sc.schedulers.map((x) => x.name), default: sc.default } } : {}),
      });
      const seed = pendingSeed; pendingSeed = null;
      const modes = modesOf(p.parameters);
      const start = seed?.mode && modes.includes(seed.mode) ? seed.mode : modes[0] ?? "text2img";
      setMode(start);
      const hires = p.parameters.find((s) => s.name === "hires");
      setValues({ ...defaultsFor(p.parameters, start), ...hiresDefaults(hires), ...(settings.defaultModel ? { model: settings.defaultModel } : {}), ...(seed?.values ?? {}) });
      if (seed?.image) { const f = primaryImage(p.parameters, start); if (f) setImages({ [f]: seed.image }); }
    }).catch((e) => toast("Could not read the parameters", e));
  }, [toast]);

  const sourceImage = images.source_image ?? null;
  useEffect(() => {
    setImageEl(null);
    if (!sourceImage || mode !== "inpainting") return;
    const el = new Image();
    el.onload = () => setImageEl(el);
    el.src = sourceImage;
  }, [sourceImage, mode]);

  const modes = useMemo(() => (specs ? modesOf(specs) : []), [specs]);
  const fields = useMemo(() => (specs ? fieldsFor(specs, mode) : []), [specs, mode]);
  const spec = (name: string) => specs?.find((s) => s.name === name && s.modes.includes(mode));
  const has = (name: string) => !!spec(name);
  const set = (name: string, v: string | number | boolean | null) => setValues((old) => ({ ...old, [name]: v }));
  const checkpoints = catalog.filter((x) => x.type === "checkpoint" || x.type === "diffusion_model");
  const selectedModel = catalog.find((m) => m.id === values.model);
  const loraSpec = spec("loras");
  const hiresSpec = spec("hires");

  const pickModel = async (id: string) => {
    set("model", id || null);
    if (!id || !specs) return;
    try {
      const detail = await api.model(id);
      setValues((old) => applyRecommended({ ...old, model: id }, detail.recommended, specs, mode));
    } catch (e) { toast("Could not read the model", e); }
  };

  const switchMode = (m: Mode) => {
    if (!specs) return;
    setMode(m);
    setValues((old) => ({ ...defaultsFor(specs, m), ...old }));
    setErrors({});
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!specs) return;
    // Images are fields like any other: the server's spec says which are required in this mode.
    const withImages: FormValues = { ...values };
    for (const f of imageFieldsFor(specs, mode)) withImages[f.name] = images[f.name] ?? null;
    if (mode === "inpainting") withImages.mask_image = mask.current && !mask.current.isEmpty() ? maskPng(mask.current) : null;
    const errs = { ...validateAll(specs, mode, withImages), ...validateLoras(loraSpec, loras), ...validateHires(hiresSpec, hiresOn, values) };
    setErrors(errs);
    if (Object.keys(errs).length) { toast("Check the form", Object.values(errs)[0]); return; }
    const body = buildRequest(specs, mode, withImages);
    if (loraSpec) body.loras = lorasBody(loraSpec, loras);
    if (hiresSpec) body.hires = hiresBody(hiresSpec, hiresOn, values);
    if (!seedLocked && has("seed")) body.seed = -1;
    setBusy(true);
    try {
      const { job_id } = await api.generate(mode, body);
      setJob(await api.job(job_id));
    } catch (err) {
      if (err instanceof ApiError) setErrors(fieldErrors(err.body.errors));
      toast("The server refused the job", err);
    } finally { setBusy(false); }
  };

  const reuse = (j: Job) => {
    const { loras: usedLoras, hires, ...rest } = (j.params ?? {}) as Record<string, unknown>;
    const plain = Object.fromEntries(Object.entries(rest).filter(([, v]) => v === null || typeof v !== "object")) as FormValues;
    setValues((old) => ({ ...old, ...plain, ...(hires && typeof hires === "object" ? Object.fromEntries(Object.entries(hires).map(([k, v]) => [`hires.${k}`, v as string | number])) : {}) }));
    if (Array.isArray(usedLoras)) setLoras(usedLoras.map((l: { name: string; weight?: number }) => ({ name: l.name, weight: l.weight ?? "" })));
    setHiresOn(!!hires);
    setSeedLocked(true);
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
  const seedSpec = spec("seed");
  const err = (name: string) => errors[name] && <p id={`${name}-error`} className="text-xs text-red-600" role="alert">{errors[name]}</p>;

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,26rem)_1fr]">
      <form onSubmit={submit} className="min-w-0 space-y-3" aria-label="Generate" noValidate>
        <div role="tablist" aria-label="Mode" className="flex flex-wrap gap-1">
          {modes.map((m) => (
            <button key={m} type="button" role="tab" aria-selected={mode === m} className={`btn ${mode === m ? "bg-indigo-600 text-white hover:bg-indigo-500" : ""}`}
              onClick={() => switchMode(m)}>{m}</button>
          ))}
        </div>
        {has("model") && (
          <div>
            <label className="label" htmlFor="model">Model</label>
            <select id="model" className="field" value={String(values.model ?? "")} onChange={(e) => pickModel(e.target.value)}>
              <option value="">server default</option>
              {checkpoints.map((m) => <option key={m.id} value={m.id}>{m.name} ({m.architecture})</option>)}
            </select>
            {selectedModel && selectedModel.requirements.missing.length > 0 && (
              <p className="mt-1 text-xs text-amber-600">Missing: {selectedModel.requirements.missing.map((r) => `${r.kind} (${r.message})`).join("; ")}</p>
            )}
            {err("model")}
          </div>
        )}
        {has("prompt") && <TextField name="prompt" label="Prompt" values={values} set={set} error={errors.prompt} rows={3} />}
        {has("negative_prompt") && <TextField name="negative_prompt" label="Negative prompt" values={values} set={set} error={errors.negative_prompt} rows={2} />}
        {imageFieldsFor(specs, mode).map((f) => (
          <div key={f.name}>
            <ImageInput id={`img-${f.name}`} label={`${label(f.name)}${f.required ? "" : " (optional)"}`} value={images[f.name] ?? null}
              onChange={(v) => setImages((old) => ({ ...old, [f.name]: v }))} />
            {err(f.name)}
          </div>
        ))}
        {mode === "inpainting" && imageEl && <MaskEditor key={imageEl.src} image={imageEl} onChange={(m) => { mask.current = m; }} />}
        {err("mask_image")}
        {Object.entries(MODEL_FIELDS).map(([name, types]) => spec(name) && (
          <CatalogPicker key={name} spec={spec(name)!} value={String(values[name] ?? "")} onChange={(v) => set(name, v || null)} error={errors[name]}
            options={catalog.filter((m) => types.includes(m.type))} />
        ))}
        {loraSpec && <LoraPicker spec={loraSpec} rows={loras} setRows={setLoras} options={catalog.filter((m) => m.type === "lora")} errors={errors} />}
        <div className="grid grid-cols-2 gap-2">
          {fields.filter((f) => f.name !== "seed").map((f) => <Field key={f.name} spec={f} values={values} set={set} error={errors[f.name]} choices={choices[f.name]} />)}
        </div>
        {hiresSpec && (
          <fieldset className="card space-y-2">
            <legend className="px-1 text-xs font-medium">
              <label className="inline-flex items-center gap-1.5"><input type="checkbox" checked={hiresOn} onChange={(e) => setHiresOn(e.target.checked)} data-testid="hires-on" />Hires fix</label>
            </legend>
            {hiresOn && <div className="grid grid-cols-2 gap-2">
              {hiresFieldsOf(hiresSpec).map((f) => f.allowed
                ? <CatalogPicker key={f.name} id={`f-hires-${f.name}`} spec={f} label="Hires upscaler" value={String(values[`hires.${f.name}`] ?? "")}
                    onChange={(v) => set(`hires.${f.name}`, v || null)} error={errors[`hires.${f.name}`]} builtIn={f.allowed}
                    options={catalog.filter((m) => MODEL_FIELDS.esrgan_model.includes(m.type))} />
                : <Field key={f.name} id={`f-hires-${f.name}`} label={`hires ${f.name.replace(/_/g, " ")}`} spec={{ ...f, name: `hires.${f.name}` }}
                    values={values} set={set} error={errors[`hires.${f.name}`]} />)}
            </div>}
            {err("hires")}
          </fieldset>
        )}
        {seedSpec && (
          <div>
            <label className="label" htmlFor="seed">Seed</label>
            <div className="flex gap-1">
              <input id="seed" className="field" type="number" min={seedSpec.min ?? undefined} value={String(values.seed ?? "")} disabled={!seedLocked}
                onChange={(e) => set("seed", e.target.value)} />
              <button type="button" className="btn" onClick={() => setSeedLocked((l) => !l)} aria-label={seedLocked ? "Unlock seed (random)" : "Lock seed"}>
                {seedLocked ? <Lock size={14} /> : <Unlock size={14} />}</button>
              <button type="button" className="btn" aria-label="New random seed" onClick={() => { setSeedLocked(true); set("seed", Math.floor(Math.random() * 2 ** 31)); }}><Dice5 size={14} /></button>
            </div>
            {err("seed")}
          </div>
        )}
        <button type="submit" className="btn-primary w-full justify-center" disabled={busy}><Send size={14} />Generate</button>
      </form>
      <ResultView job={job} onReuse={reuse}
        onSendTo={(m, url) => {
          switchMode(m);
          const f = primaryImage(specs, m);
          toDataUrl(url).then((d) => f && setImages((old) => ({ ...old, [f]: d }))).catch((e) => toast("Could not read the image", e));
        }} />
    </div>
  );
}

const isVideo = (o: JobOutput) => /\.(mp4|webm)$/i.test(o.filename);
/** A video, or the animated GIF a server without ffmpeg writes instead: either has a poster PNG of the same name. */
const isMotion = (o: JobOutput) => isVideo(o) || /\.gif$/i.test(o.filename);

/** The outputs to show: a video with its poster (the PNG of the same name) folded into it, and every image on its own. */
function shownOutputs(outputs: JobOutput[]): { output: JobOutput; poster?: JobOutput }[] {
  const withUrl = outputs.filter((o) => o.url);
  const stem = (name: string) => name.replace(/\.[^.]+$/, "");
  const posters = new Set(withUrl.filter(isMotion).map((v) => stem(v.filename)));
  return withUrl
    .filter((o) => isMotion(o) || !posters.has(stem(o.filename)))
    .map((o) => ({ output: o, poster: isMotion(o) ? withUrl.find((p) => !isMotion(p) && stem(p.filename) === stem(o.filename)) : undefined }));
}

/** The image a mode is about: its first required image field (img2img's init_image, inpainting's source_image...). */
function primaryImage(specs: ParameterSpec[], mode: string): string | undefined {
  const images = imageFieldsFor(specs, mode);
  return (images.find((f) => f.required) ?? images[0])?.name;
}

/** A field that names a catalog file: the catalog's files of the fitting types (and, for the hires upscaler, the built-in names). */
function CatalogPicker({ spec, value, onChange, options, error, id, label: text, builtIn }: {
  spec: ParameterSpec; value: string; onChange: (v: string) => void; options: Model[]; error?: string; id?: string; label?: string; builtIn?: string[];
}) {
  const fid = id ?? `f-${spec.name}`;
  return (
    <div title={spec.description}>
      <label className="label" htmlFor={fid}>{text ?? label(spec.name)}</label>
      <select id={fid} className="field" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={!!error} aria-describedby={error ? `${fid}-error` : undefined}>
        <option value="">{spec.required ? "choose" : spec.default ? `default (${String(spec.default)})` : "default"}</option>
        {builtIn && <optgroup label="Built in">{builtIn.map((n) => <option key={n} value={n}>{n}</option>)}</optgroup>}
        {builtIn ? options.length > 0 && <optgroup label="Models">{options.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}</optgroup>
          : options.map((m) => <option key={m.id} value={m.id}>{m.name}{m.architecture && m.architecture !== "unknown" ? ` (${m.architecture})` : ""}</option>)}
      </select>
      {spec.required && options.length === 0 && !builtIn && <p className="text-xs text-amber-600">No {label(spec.name).toLowerCase()} in the models directory.</p>}
      {error && <p id={`${fid}-error`} className="text-xs text-red-600">{error}</p>}
    </div>
  );
}

/** Several catalog LoRAs, each with a weight slider over the server's range; sent as the API's `loras` list. */
function LoraPicker({ spec, rows, setRows, options, errors }: {
  spec: ParameterSpec; rows: LoraRow[]; setRows: (f: (r: LoraRow[]) => LoraRow[]) => void; options: Model[]; errors: Record<string, string>;
}) {
  const weight = spec.fields?.find((f) => f.name === "weight");
  const unused = options.filter((m) => !rows.some((r) => r.name === m.id));
  const update = (i: number, row: Partial<LoraRow>) => setRows((all) => all.map((r, j) => (j === i ? { ...r, ...row } : r)));
  return (
    <fieldset className="space-y-1" aria-describedby="loras-hint">
      <legend className="label">LoRAs</legend>
      {rows.map((r, i) => (
        <div key={i} className="grid grid-cols-[minmax(0,1fr)_6rem_4.5rem_auto] items-center gap-1" data-testid="lora-row">
          <select className="field" aria-label={`LoRA ${i + 1}`} value={r.name} onChange={(e) => update(i, { name: e.target.value })}>
            <option value="">choose</option>
            {options.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
          <input type="range" aria-label={`LoRA ${i + 1} weight slider`} min={weight?.min ?? undefined} max={weight?.max ?? undefined} step={weight ? stepOf(weight) : undefined}
            value={Number(r.weight === "" ? weight?.default ?? 0 : r.weight)} onChange={(e) => update(i, { weight: e.target.value })} />
          <input className="field" type="number" aria-label={`LoRA ${i + 1} weight`} min={weight?.min ?? undefined} max={weight?.max ?? undefined}
            step={weight ? stepOf(weight) : undefined} value={String(r.weight)} onChange={(e) => update(i, { weight: e.target.value })} />
          <button type="button" className="btn px-2" aria-label={`Remove LoRA ${i + 1}`} onClick={() => setRows((all) => all.filter((_, j) => j !== i))}><X size={14} /></button>
          {(errors[`loras.${i}.name`] || errors[`loras.${i}.weight`] || errors[`loras.${i}`]) &&
            <p className="col-span-4 text-xs text-red-600">{errors[`loras.${i}.name`] ?? errors[`loras.${i}.weight`] ?? errors[`loras.${i}`]}</p>}
        </div>
      ))}
      <div className="flex items-center gap-2">
        <button type="button" className="btn" disabled={!canAddLora(spec, rows) || options.length === 0}
          onClick={() => setRows((all) => [...all, newLora(spec, unused[0]?.id ?? "")])}><Plus size={14} />Add LoRA</button>
        <span id="loras-hint" className="text-xs text-zinc-500">{options.length === 0 ? "no LoRAs in the models directory" : `${rows.length}/${spec.max ?? "∞"}`}</span>
      </div>
      {errors.loras && <p className="text-xs text-red-600">{errors.loras}</p>}
    </fieldset>
  );
}

/** The width/height the job asked for, as a CSS aspect ratio (square when unknown). */
function aspectOf(job: Job): string {
  const w = Number(job.params?.width), h = Number(job.params?.height);
  return w > 0 && h > 0 ? `${w}/${h}` : "1/1";
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

function Field({ spec, values, set, error, id: given, label: text, choices }: {
  spec: ParameterSpec; values: FormValues; set: (n: string, v: string | number | boolean | null) => void; error?: string; id?: string; label?: string; choices?: Choices;
}) {
  const id = given ?? `f-${spec.name}`;
  const describedBy = error ? `${id}-error` : undefined;
  let control;
  if (spec.allowed) {
    // /api/samplers and /api/schedulers name the same choices; their default (or "the model's") is the empty option.
    const names = choices?.names.length ? choices.names.filter((n) => spec.allowed!.includes(n)) : spec.allowed;
    control = (
      <select id={id} className="field" value={String(values[spec.name] ?? "")} onChange={(e) => set(spec.name, e.target.value || null)} aria-invalid={!!error} aria-describedby={describedBy}>
        <option value="">{spec.required ? "choose" : choices?.default ? `default (${choices.default})` : "default"}</option>
        {names.map((a) => <option key={a} value={a}>{a}</option>)}
      </select>);
  }
  else if (spec.type === "boolean") control = <input id={id} type="checkbox" checked={!!values[spec.name]} onChange={(e) => set(spec.name, e.target.checked)} />;
  else control = (
    <input id={id} className="field" type={spec.type === "string" ? "text" : "number"} min={spec.min ?? undefined} max={spec.max ?? undefined} step={stepOf(spec)}
      value={String(values[spec.name] ?? "")} onChange={(e) => set(spec.name, e.target.value)} aria-invalid={!!error} aria-describedby={describedBy}
      placeholder={spec.default === null || spec.default === undefined ? "default" : undefined} />);
  return (
    <div title={spec.description}>
      <label className="label" htmlFor={id}>{text ?? spec.name.replace(/_/g, " ")}</label>
      {control}
      {error && <p id={describedBy} className="text-xs text-red-600">{error}</p>}
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
      {/* The picture's box is sized from the request before any pixel arrives, so previews and the result never move the page. */}
      {!job.outputs.length && job.status !== "failed" && job.status !== "cancelled" && (
        <div className="mx-auto w-full max-w-md overflow-hidden rounded bg-zinc-100 dark:bg-zinc-900" style={{ aspectRatio: aspectOf(job) }} data-testid="result-placeholder">
          {p?.preview && settings.previews && <img src={`data:image/png;base64,${p.preview}`} alt="Preview" className="h-full w-full object-contain" />}
        </div>
      )}
      <div className="grid gap-2 sm:grid-cols-2">
        {shownOutputs(job.outputs).map(({ output: o, poster }) => (
          <figure key={o.filename} className="space-y-1">
            {isVideo(o)
              ? <video src={o.url!} poster={poster?.url ?? undefined} controls loop width={o.width} height={o.height} className="h-auto w-full rounded" style={{ aspectRatio: `${o.width}/${o.height}` }} data-testid="result-video" />
              : <img src={o.url!} alt={`Output ${o.filename}`} width={o.width} height={o.height} className="h-auto w-full rounded" style={{ aspectRatio: `${o.width}/${o.height}` }} data-testid="result-image" />}
            <figcaption className="flex flex-wrap gap-1 text-xs">
              <a className="btn" href={o.url!} download={o.filename}><Download size={12} />Download</a>
              {/* A video's first frame (its poster) is the picture to send on; the MP4 or GIF itself is not an image input. */}
              {(isMotion(o) ? poster : o) && ([["img2img", "→ img2img"], ["inpainting", "→ inpaint"], ["upscale", "→ upscale"]] as const).map(([m, text]) =>
                <button key={m} className="btn" onClick={() => onSendTo(m, (isMotion(o) ? poster! : o).url!)}>{text}</button>)}
              <span className="self-center">seed {o.seed}</span>
            </figcaption>
          </figure>
        ))}
      </div>
      {job.status === "completed" && job.params && <button className="btn" onClick={() => onReuse(job)}><RotateCcw size={14} />Reuse parameters</button>}
    </section>
  );
}
