import { RefreshCw } from "lucide-react";
import { useEffect, useState } from "react";
import { api } from "../api/client";
import type { Model, Status } from "../api/types";
import { useToast } from "../components/Toasts";

const size = (b: number) => (b > 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${(b / 1e6).toFixed(1)} MB`);

export function ModelsPage({ status }: { status: Status | null }) {
  const toast = useToast();
  const [models, setModels] = useState<Model[]>([]);
  const [type, setType] = useState("");
  const [worker, setWorker] = useState("");
  const load = () => api.models().then((m) => setModels(m.models)).catch((e) => toast("Could not list models", e));
  useEffect(() => { load(); }, [status?.workers.map((w) => w.model).join()]); // eslint-disable-line react-hooks/exhaustive-deps
  const types = [...new Set(models.map((m) => m.type))];
  const act = async (f: () => Promise<unknown>, what: string) => { try { await f(); toast(what, "done"); await load(); } catch (e) { toast(`${what} failed`, e); } };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="font-semibold">Models</h2>
        <select className="field w-auto" value={type} onChange={(e) => setType(e.target.value)} aria-label="Filter by type">
          <option value="">all types</option>{types.map((t) => <option key={t}>{t}</option>)}
        </select>
        <select className="field w-auto" value={worker} onChange={(e) => setWorker(e.target.value)} aria-label="Worker for load and unload">
          <option value="">any idle worker</option>{status?.workers.map((w) => <option key={w.id}>{w.id}</option>)}
        </select>
        <button className="btn ml-auto" onClick={() => act(api.refreshModels, "Refresh")}><RefreshCw size={14} />Refresh</button>
      </div>
      {models.length === 0 && <p className="text-sm text-zinc-500">No models found in the models directory.</p>}
      <ul className="grid gap-2 md:grid-cols-2">
        {models.filter((m) => !type || m.type === type).map((m) => (
          <li key={m.id} className="card space-y-1 text-sm" data-testid={`model-${m.id}`}>
            <div className="flex flex-wrap items-center gap-2"><b className="break-all">{m.name}</b><span className="text-xs">{m.type} · {m.architecture} · {size(m.size)}</span></div>
            {!m.valid && <p className="text-xs text-red-600">{m.invalid_reason}</p>}
            <p className="text-xs">{m.requirements.satisfied ? "requirements met" : `missing: ${m.requirements.missing.map((r) => r.kind).join(", ")}`}</p>
            <p className="text-xs" data-testid="model-loaded-on">loaded on: {m.loaded_on.length ? m.loaded_on.join(", ") : "none"}</p>
            {m.loadable && <div className="flex gap-1">
              <button className="btn" onClick={() => act(() => api.loadModel(m.id, worker || undefined), `Load ${m.name}`)}>Load</button>
              <button className="btn" disabled={!m.loaded_on.length} onClick={() => act(() => api.unloadModel(m.id, worker || undefined), `Unload ${m.name}`)}>Unload</button>
            </div>}
          </li>))}
      </ul>
    </div>
  );
}
