// Wire shapes of the endpoints the UI calls (snake_case, as the server writes them).

export interface ApiErrorBody { status: number; error: string; message: string; errors?: Record<string, string[]> }

export interface ParameterSpec {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "array" | "object";
  required: boolean;
  default: unknown;
  min: number | null;
  max: number | null;
  multiple_of: number | null;
  allowed: string[] | null;
  description: string;
  modes: string[];
  /** An object's members, or each element of an array of objects (then `max` is the most elements). */
  fields?: ParameterSpec[] | null;
}

export interface Progress { phase: string; step: number; steps: number; eta_seconds: number | null; preview: string | null }
export interface JobOutput { filename: string; url: string | null; seed: number; width: number; height: number }
export interface JobFailure { kind: string; message: string; worker_id: string | null; at: string }
export interface Job {
  job_id: string;
  type: string;
  status: "queued" | "running" | "completed" | "failed" | "cancelled";
  position: number | null;
  progress: Progress | null;
  attempts: number;
  failures: JobFailure[];
  error: { kind: string; message: string } | null;
  outputs: JobOutput[];
  worker_id: string | null;
  created_at?: string;
  completed_at?: string | null;
  owner?: string | null;
  params?: Record<string, unknown>;
}
export interface QueueEntry { job_id: string; status: string; position: number | null; worker_id: string | null; progress: Progress | null; owner: string | null }
export interface QueueStatus { queued: number; running: number; jobs: QueueEntry[] }

export interface Worker {
  id: string;
  device: string;
  state: string;
  pid: number | null;
  restarts: number;
  model: string | null;
  job_id: string | null;
  draining: boolean;
  last_failure: { kind: string; message: string; at?: string } | null;
  reason: string | null;
  breaker: string;
  /** The device's memory where known: nvidia-smi for a GPU slot, or a synthetic worker's simulated device. */
  device_memory?: { total_bytes: number | null; used_bytes: number | null } | null;
  jobs_served?: number;
  recycles?: number;
}
export interface Status {
  status: string;
  reason: string | null;
  engine: { kind: string; requested: string; reason: string | null };
  workers: Worker[];
  queue: { queued: number; running: number };
  auth: { method: string };
}
/** A worker's transition as /api/events sends it. */
export interface WorkerEvent { worker_id: string; from: string; to: string; reason: string | null; pid: number | null; restarts: number; breaker: string; holder: string | null }

export interface Recommended { cfg_scale: number; sampling_method: string; scheduler: string | null; steps: number; width: number; height: number }
export interface Model {
  id: string;
  name: string;
  type: string;
  architecture: string;
  size: number;
  valid: boolean;
  invalid_reason: string | null;
  loadable: boolean;
  requirements: { met: { kind: string; by: string }[]; missing: { kind: string; necessity: string; message: string }[]; satisfied: boolean };
  loaded_on: string[];
  warnings: string[];
}
export interface ModelList { models: Model[]; total: number; scanning: boolean; models_dir: string }
export interface ModelDetail { model: Model; recommended: Recommended | null }
export interface Me { username: string; role: string; method: string; via: string; permissions: string[]; expires_at: string | null }
export interface ModelHash { model_id: string; status: "hashing" | "done"; sha256: string | null; short_hash: string | null; progress: number; cached: boolean }
export interface ModelValidation { model_id: string; valid: boolean; loadable: boolean; checks: { name: string; ok: boolean; message: string }[] }
/** GET /api/system (admin): the host; `gpus` from nvidia-smi where it answers. */
export interface SystemInfo {
  os: string; kernel: string; runtime: string; workers: number;
  cpu: { model?: string; cores?: number } & Record<string, unknown>;
  memory: { total_bytes?: number; available_bytes?: number } & Record<string, unknown>;
  gpus: { index: number; name: string; memory_mib: number }[];
  gpu_reason: string | null;
}
