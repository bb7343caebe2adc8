import { Power, RefreshCw, Play } from "lucide-react";
import { useEffect, useState } from "react";
import { api } from "../api/client";
import type { Status, SystemInfo, Worker } from "../api/types";
import { useToast } from "../components/Toasts";

const STATE_COLOUR: Record<string, string> = {
  idle: "bg-emerald-500", busy: "bg-indigo-500", loading: "bg-sky-500", starting: "bg-sky-300",
  restarting: "bg-amber-500", faulted: "bg-red-600", stopped: "bg-zinc-400",
};

/** One card per worker slot, kept live from /api/events by the app (no polling). */
export function WorkersPage({ status, trails }: { status: Status | null; trails: Record<string, string[]> }) {
  const toast = useToast();
  // The host (admin only): a user's 403 just leaves the section out.
  const [system, setSystem] = useState<SystemInfo | null>(null);
  useEffect(() => { api.system().then(setSystem).catch(() => {}); }, []);
  if (!status) return <p className="text-sm text-zinc-500">Connecting…</p>;
  const act = (id: string, action: "drain" | "enable" | "restart") =>
    api.worker(id, action).then(() => toast(`${action} ${id}`, "requested")).catch((e) => toast(`${action} ${id} failed`, e));
  return (
    <div className="space-y-4">
      <section className="card text-sm" aria-label="System">
        <p>Service <b>{status.status}</b>{status.reason ? ` — ${status.reason}` : ""}</p>
        <p>Engine <b>{status.engine.kind}</b> ({status.engine.reason ?? status.engine.requested}) · auth {status.auth.method}</p>
        <p>Queue: {status.queue.queued} queued, {status.queue.running} running</p>
        {system && <>
          <p>Host {system.os} · {system.cpu.model ?? "cpu"} × {system.cpu.cores ?? "?"} · RAM {gib(system.memory.available_bytes)} free of {gib(system.memory.total_bytes)} · {system.runtime}</p>
          <p data-testid="gpus">{system.gpus.length
            ? system.gpus.map((g) => `GPU ${g.index} ${g.name} ${(g.memory_mib / 1024).toFixed(1)} GiB`).join(" · ")
            : `GPUs: none (${system.gpu_reason ?? "not reported"})`}</p>
        </>}
      </section>
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
        {status.workers.map((w) => (
          <article key={w.id} className="card space-y-1 text-sm" data-testid={`worker-${w.id}`} aria-label={`Worker ${w.id}`}>
            <header className="flex items-center gap-2">
              <span className={`h-2.5 w-2.5 rounded-full ${STATE_COLOUR[w.state] ?? "bg-zinc-400"}`} aria-hidden />
              <h2 className="font-semibold">{w.id}</h2>
              <span data-testid="worker-state">{w.state}</span>
              {w.draining && <span className="rounded bg-amber-100 px-1 text-xs text-amber-800">draining</span>}
              <span className="ml-auto text-xs text-zinc-500">{w.device}</span>
            </header>
            <p className="text-xs">pid {w.pid ?? "—"} · restarts <span data-testid="worker-restarts">{w.restarts}</span> · breaker{" "}
              <span data-testid="worker-breaker" className={w.breaker === "closed" ? "" : "font-semibold text-red-600"}>{w.breaker}</span></p>
            <p className="text-xs">model {w.model ?? "none"} · job {w.job_id ?? "none"}{w.jobs_served !== undefined ? ` · ${w.jobs_served} jobs served` : ""}</p>
            <Memory worker={w} />
            {trails[w.id] && <p className="text-xs text-zinc-500" data-testid="worker-trail" aria-label="Recent states">{trails[w.id].join(" → ")}</p>}
            {w.last_failure && <p className="text-xs text-red-600">last failure: {w.last_failure.kind} — {w.last_failure.message}</p>}
            {w.reason && <p className="text-xs text-zinc-500">{w.reason}</p>}
            <div className="flex flex-wrap gap-1 pt-1">
              {w.draining
                ? <button className="btn" onClick={() => act(w.id, "enable")}><Play size={12} />Enable</button>
                : <button className="btn" onClick={() => act(w.id, "drain")}><Power size={12} />Drain</button>}
              <button className="btn" onClick={() => act(w.id, "restart")}><RefreshCw size={12} />Restart</button>
            </div>
          </article>
        ))}
      </div>
    </div>
  );
}

const gib = (b: number | null | undefined) => (b ? `${(b / 2 ** 30).toFixed(1)} GiB` : "?");

/** The device's memory, where nvidia-smi (or a synthetic worker's simulated device) tells it. */
function Memory({ worker: w }: { worker: Worker }) {
  const total = w.device_memory?.total_bytes, used = w.device_memory?.used_bytes;
  if (!total) return <p className="text-xs text-zinc-500">device memory: not reported</p>;
  const pct = used != null ? Math.round((100 * used) / total) : null;
  return (
    <div className="text-xs" data-testid="worker-memory">
      <p>device memory {used != null ? `${gib(used)} used of ` : ""}{gib(total)}</p>
      {pct != null && <div className="mt-0.5 h-1.5 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800" role="meter" aria-label={`${w.id} device memory`}
        aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}><div className="h-full bg-sky-500" style={{ width: `${pct}%` }} /></div>}
    </div>
  );
}
