import { Power, RefreshCw, Play } from "lucide-react";
import { api } from "../api/client";
import type { Status } from "../api/types";
import { useToast } from "../components/Toasts";

const STATE_COLOUR: Record<string, string> = {
  idle: "bg-emerald-500", busy: "bg-indigo-500", loading: "bg-sky-500", starting: "bg-sky-300",
  restarting: "bg-amber-500", faulted: "bg-red-600", stopped: "bg-zinc-400",
};

/** One card per worker slot, kept live from /api/events by the app (no polling). */
export function WorkersPage({ status, trails }: { status: Status | null; trails: Record<string, string[]> }) {
  const toast = useToast();
  if (!status) return <p className="text-sm text-zinc-500">Connecting…</p>;
  const act = (id: string, action: "drain" | "enable" | "restart") =>
    api.worker(id, action).then(() => toast(`${action} ${id}`, "requested")).catch((e) => toast(`${action} ${id} failed`, e));
  return (
    <div className="space-y-4">
      <section className="card text-sm" aria-label="System">
        <p>Service <b>{status.status}</b>{status.reason ? ` — ${status.reason}` : ""}</p>
        <p>Engine <b>{status.engine.kind}</b> ({status.engine.reason ?? status.engine.requested}) · auth {status.auth.method}</p>
        <p>Queue: {status.queue.queued} queued, {status.queue.running} running</p>
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
            <p className="text-xs">pid {w.pid ?? "—"} · restarts <span data-testid="worker-restarts">{w.restarts}</span> · breaker {w.breaker}</p>
            <p className="text-xs">model {w.model ?? "none"} · job {w.job_id ?? "none"}</p>
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
