import { CheckCircle2, Fingerprint, RefreshCw, ShieldCheck, Shrink, XCircle } from "lucide-react";
import { useEffect, useState } from "react";
import { api, PATHS, path } from "../api/client";
import { subscribe } from "../api/sse";
import type { Job, Model, ModelHash, ModelValidation, Status } from "../api/types";
import { useToast } from "../components/Toasts";

const size = (b: number) => (b > 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${(b / 1e6).toFixed(1)} MB`);
const TERMINAL = ["completed", "failed", "cancelled"];

export function ModelsPage({ status }: { status: Status | null }) {
  const toast = useToast();
  const [models, setModels] = useState<Model[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [type, setType] = useState("");
  const [arch, setArch] = useState("");
  const [worker, setWorker] = useState("");
  // The output types /api/models/convert takes, as the server lists them.
  const [convertTypes, setConvertTypes] = useState<string[]>([]);
  const load = () => api.models().then((m) => { setModels(m.models); setLoaded(true); }).catch((e) => toast("Could not list models", e));
  useEffect(() => { load(); }, [status?.workers.map((w) => w.model).join()]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => { api.modelTypes().then((t) => setConvertTypes(t.convert_types ?? [])).catch(() => {}); }, []);
  const types = [...new Set(models.map((m) => m.type))];
  const archs = [...new Set(models.filter((m) => !type || m.type === type).map((m) => m.architecture))];
  const act = async (f: () => Promise<unknown>, what: string) => { try { await f(); toast(what, "done"); await load(); } catch (e) { toast(`${what} failed`, e); } };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="font-semibold">Models</h2>
        <select className="field w-auto" value={type} onChange={(e) => { setType(e.target.value); setArch(""); }} aria-label="Filter by type">
          <option value="">all types</option>{types.map((t) => <option key={t}>{t}</option>)}
        </select>
        <select className="field w-auto" value={arch} onChange={(e) => setArch(e.target.value)} aria-label="Filter by architecture">
          <option value="">all architectures</option>{archs.map((t) => <option key={t}>{t}</option>)}
        </select>
        <select className="field w-auto" value={worker} onChange={(e) => setWorker(e.target.value)} aria-label="Worker for load and unload">
          <option value="">any idle worker</option>{status?.workers.map((w) => <option key={w.id}>{w.id}</option>)}
        </select>
        <button className="btn ml-auto" onClick={() => act(api.refreshModels, "Refresh")}><RefreshCw size={14} />Refresh</button>
      </div>
      {loaded && models.length === 0 && <p className="text-sm text-zinc-500">No models found in the models directory.</p>}
      <ul className="grid gap-2 md:grid-cols-2">
        {models.filter((m) => (!type || m.type === type) && (!arch || m.architecture === arch)).map((m) => (
          <ModelCard key={m.id} model={m} worker={worker} convertTypes={convertTypes} act={act} onConverted={load} />))}
      </ul>
    </div>
  );
}

function ModelCard({ model: m, worker, convertTypes, act, onConverted }: {
  model: Model; worker: string; convertTypes: string[]; act: (f: () => Promise<unknown>, what: string) => Promise<void>; onConverted: () => void;
}) {
  const toast = useToast();
  const [hash, setHash] = useState<ModelHash | null>(null);
  const [checks, setChecks] = useState<ModelValidation | null>(null);
  const [target, setTarget] = useState("");
  const [convert, setConvert] = useState<Job | null>(null);

  const runHash = async () => {
    try {
      // A big file answers 202 with progress; asking again continues the same run (each ask waits a few seconds).
      let h = await api.hashModel(m.id);
      setHash(h);
      while (h.status === "hashing") { h = await api.hashModel(m.id); setHash(h); }
    } catch (e) { toast(`Hash ${m.name} failed`, e); }
  };
  const runValidate = () => api.validateModel(m.id).then(setChecks).catch((e) => toast(`Validate ${m.name} failed`, e));
  const runConvert = async () => {
    if (!target) return;
    try { const { job_id } = await api.convertModel(m.id, target); setConvert(await api.job(job_id)); }
    catch (e) { toast(`Convert ${m.name} failed`, e); }
  };

  // The conversion job's live progress over its own event stream (resumes with Last-Event-ID after a drop).
  useEffect(() => {
    if (!convert || TERMINAL.includes(convert.status)) return;
    const update = (j: Job) => setConvert((old) => (old && old.job_id === j.job_id ? { ...old, ...j } : old));
    return subscribe(path(PATHS.jobEvents, { jobId: convert.job_id }),
      { queued: update, started: update, progress: update, requeued: update, completed: update, failed: update, cancelled: update, position: update },
      () => api.job(convert.job_id).then(update).catch(() => {}));
  }, [convert?.job_id, convert?.status]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => { if (convert?.status === "completed") onConverted(); }, [convert?.status]); // eslint-disable-line react-hooks/exhaustive-deps

  const p = convert?.progress;
  const pct = p ? Math.round((100 * p.step) / Math.max(1, p.steps)) : convert?.status === "completed" ? 100 : 0;
  return (
    <li className="card space-y-1 text-sm" data-testid={`model-${m.id}`}>
      <div className="flex flex-wrap items-center gap-2"><b className="break-all">{m.name}</b><span className="text-xs">{m.type} · {m.architecture} · {size(m.size)}</span></div>
      {!m.valid && <p className="text-xs text-red-600">{m.invalid_reason}</p>}
      <p className="text-xs" data-testid="model-requirements">{m.requirements.satisfied ? "requirements met" : `missing: ${m.requirements.missing.map((r) => r.kind).join(", ")}`}
        {m.requirements.met.length > 0 && <span className="text-zinc-500"> · has {m.requirements.met.map((r) => `${r.kind} (${r.by})`).join(", ")}</span>}</p>
      {m.requirements.missing.map((r) => <p key={r.kind} className="text-xs text-amber-600">{r.kind} ({r.necessity}): {r.message}</p>)}
      {m.warnings.map((w) => <p key={w} className="text-xs text-amber-600">{w}</p>)}
      <p className="text-xs" data-testid="model-loaded-on">loaded on: {m.loaded_on.length ? m.loaded_on.join(", ") : "none"}</p>
      <div className="flex flex-wrap gap-1">
        {m.loadable && <>
          <button className="btn" onClick={() => act(() => api.loadModel(m.id, worker || undefined), `Load ${m.name}`)}>Load</button>
          <button className="btn" disabled={!m.loaded_on.length} onClick={() => act(() => api.unloadModel(m.id, worker || undefined), `Unload ${m.name}`)}>Unload</button>
        </>}
        <button className="btn" onClick={runHash} disabled={hash?.status === "hashing"}><Fingerprint size={14} />Hash</button>
        <button className="btn" onClick={runValidate}><ShieldCheck size={14} />Validate</button>
      </div>
      {hash && <p className="break-all font-mono text-xs" data-testid="model-hash">
        {hash.status === "done" ? <>sha256 {hash.sha256} · short {hash.short_hash}{hash.cached ? " (cached)" : ""}</> : `hashing… ${Math.round(hash.progress * 100)}%`}</p>}
      {checks && <ul className="text-xs" data-testid="model-checks" aria-label={`Checks of ${m.name}`}>
        <li className="font-medium">{checks.valid ? "valid" : "invalid"} · {checks.loadable ? "loadable" : "not loadable"}</li>
        {checks.checks.map((c) => <li key={c.name} className="flex items-start gap-1">
          {c.ok ? <CheckCircle2 size={12} className="mt-0.5 shrink-0 text-emerald-600" aria-label="ok" /> : <XCircle size={12} className="mt-0.5 shrink-0 text-red-600" aria-label="failed" />}
          <span><b>{c.name}</b> {c.message}</span></li>)}
      </ul>}
      {m.loadable && convertTypes.length > 0 && (
        <div className="flex flex-wrap items-center gap-1">
          <select className="field w-auto" aria-label={`Quantization for ${m.name}`} value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">convert to…</option>{convertTypes.map((t) => <option key={t}>{t}</option>)}
          </select>
          <button className="btn" disabled={!target || (!!convert && !TERMINAL.includes(convert.status))} onClick={runConvert}><Shrink size={14} />Convert</button>
        </div>
      )}
      {convert && (
        <div className="space-y-1 text-xs" data-testid="model-convert">
          <p><span data-testid="convert-status">{convert.status}</span>{p ? ` · ${p.phase} ${p.step}/${p.steps}` : ""}{convert.worker_id ? ` · on ${convert.worker_id}` : ""}
            {convert.status === "completed" && convert.outputs[0] ? ` · wrote ${convert.outputs[0].filename}` : ""}</p>
          <div className="h-1.5 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-label={`Conversion of ${m.name}`} aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
            <div className="h-full bg-indigo-600 transition-all" style={{ width: `${pct}%` }} /></div>
          {convert.error && <p className="text-red-600" role="alert">{convert.error.kind}: {convert.error.message}</p>}
        </div>
      )}
    </li>
  );
}
