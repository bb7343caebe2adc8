import { useEffect, useState } from "react";
import { api } from "../api/client";
import { subscribe } from "../api/sse";
import type { Status, WorkerEvent } from "../api/types";

/**
 * /api/status once, then kept current from /api/events: worker transitions patch their card, job events bump
 * `jobTick` so lists re-read. Re-read in full on every (re)connect, so a dropped stream never leaves a stale card.
 */
export function useLiveStatus() {
  const [status, setStatus] = useState<Status | null>(null);
  const [jobTick, setJobTick] = useState(0);
  // The last transitions of each slot, oldest first: a restart is over in a second, the trail keeps it visible.
  const [trails, setTrails] = useState<Record<string, string[]>>({});
  useEffect(() => {
    let alive = true;
    const reload = () => api.status().then((s) => alive && setStatus(s)).catch(() => {});
    // A job event changes the queue counts and a worker's job: re-read status once per event, never on a timer.
    const bump = () => { setJobTick((t) => t + 1); reload(); };
    const close = subscribe("/api/events", {
      worker: (e: WorkerEvent) => {
        setTrails((t) => ({ ...t, [e.worker_id]: [...(t[e.worker_id] ?? [e.from]), e.to].slice(-8) }));
        setStatus((s) => s && {
          ...s,
          workers: s.workers.map((w) => w.id === e.worker_id
            ? { ...w, state: e.to, pid: e.pid ?? w.pid, restarts: e.restarts ?? w.restarts, breaker: e.breaker ?? w.breaker, job_id: e.holder, reason: e.reason }
            : w),
        });
        // A failure's kind and message, and the loaded model, come with the full status.
        if (e.to === "restarting" || e.to === "faulted" || e.to === "idle") reload();
      },
      queued: bump, started: bump, completed: bump, failed: bump, cancelled: bump, requeued: bump,
    }, reload);
    return () => { alive = false; close(); };
  }, []);
  return { status, jobTick, trails };
}
