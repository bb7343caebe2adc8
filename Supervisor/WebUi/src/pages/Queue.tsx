import { Square, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { api } from "../api/client";
import type { Job, QueueStatus } from "../api/types";
import { useToast } from "../components/Toasts";

const STATUSES = ["", "completed", "failed", "cancelled"];
const TYPES = ["", "text2img", "img2img", "inpainting", "controlnet", "upscale", "convert"];

/** Active jobs and history; re-read when /api/events says a job changed (`tick`), never on a timer. */
export function QueuePage({ tick }: { tick: number }) {
  const toast = useToast();
  const [queue, setQueue] = useState<QueueStatus | null>(null);
  const [history, setHistory] = useState<Job[]>([]);
  const [status, setStatus] = useState("");
  const [type, setType] = useState("");
  const [open, setOpen] = useState<string | null>(null);

  useEffect(() => {
    api.queue().then(setQueue).catch((e) => toast("Could not read the queue", e));
    api.history(status || "completed,failed,cancelled", type).then((h) => setHistory(h.jobs)).catch((e) => toast("Could not read the history", e));
  }, [tick, status, type, toast]);

  return (
    <div className="space-y-4">
      <section aria-label="Active jobs" className="space-y-2">
        <div className="flex items-center gap-2">
          <h2 className="font-semibold">Queue</h2>
          <span className="text-sm">{queue?.queued ?? 0} queued · {queue?.running ?? 0} running</span>
          <button className="btn ml-auto" onClick={() => api.clear().then((r) => toast("Cleared", `${r.cleared} queued jobs`)).catch((e) => toast("Clear failed", e))}><Trash2 size={14} />Clear queued</button>
        </div>
        {queue?.jobs.length === 0 && <p className="text-sm text-zinc-500">Nothing queued or running.</p>}
        <ul className="space-y-1">
          {queue?.jobs.map((j) => (
            <li key={j.job_id} className="card flex flex-wrap items-center gap-2 text-sm" data-testid="queue-entry">
              <code className="text-xs">{j.job_id.slice(-8)}</code>
              <span data-testid="queue-status">{j.status}</span>
              {j.position && <span>#{j.position}</span>}
              {j.worker_id && <span>on {j.worker_id}</span>}
              {j.progress && <span>{j.progress.phase} {j.progress.step}/{j.progress.steps}</span>}
              <button className="btn ml-auto" onClick={() => api.cancel(j.job_id).catch((e) => toast("Cancel failed", e))} aria-label={`Cancel job ${j.job_id}`}><Square size={12} />Cancel</button>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="History" className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="font-semibold">History</h2>
          <select className="field w-auto" value={status} onChange={(e) => setStatus(e.target.value)} aria-label="Filter by status">
            {STATUSES.map((s) => <option key={s} value={s}>{s || "any status"}</option>)}
          </select>
          <select className="field w-auto" value={type} onChange={(e) => setType(e.target.value)} aria-label="Filter by type">
            {TYPES.map((t) => <option key={t} value={t}>{t || "any type"}</option>)}
          </select>
        </div>
        <ul className="space-y-1">
          {history.map((j) => (
            <li key={j.job_id} className="card text-sm" data-testid="history-entry">
              <button className="flex w-full flex-wrap items-center gap-2 text-left" aria-expanded={open === j.job_id} onClick={() => setOpen(open === j.job_id ? null : j.job_id)}>
                <code className="text-xs">{j.job_id.slice(-8)}</code><span>{j.type}</span>
                <span className={j.status === "failed" ? "text-red-600" : ""}>{j.status}</span>
                {j.error && <span className="text-red-600">{j.error.kind}</span>}
                <span>attempts {j.attempts}</span>
                <span className="ml-auto text-xs text-zinc-500">{j.completed_at ? new Date(j.completed_at).toLocaleString() : ""}</span>
              </button>
              {open === j.job_id && (
                <div className="mt-2 space-y-1 text-xs">
                  {j.error && <p className="text-red-600">{j.error.kind}: {j.error.message}</p>}
                  {j.failures.length === 0 ? <p>No failed attempt.</p> : (
                    <table className="w-full text-left"><thead><tr><th>when</th><th>worker</th><th>kind</th><th>message</th></tr></thead>
                      <tbody>{j.failures.map((f, i) => <tr key={i}><td>{new Date(f.at).toLocaleTimeString()}</td><td>{f.worker_id}</td><td>{f.kind}</td><td>{f.message}</td></tr>)}</tbody></table>)}
                  <pre className="overflow-auto rounded bg-zinc-100 p-2 dark:bg-zinc-900">{JSON.stringify(j.params, null, 1)}</pre>
                </div>)}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
