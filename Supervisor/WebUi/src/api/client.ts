import type { ApiErrorBody, Job, Me, ModelDetail, ModelHash, ModelList, ModelValidation, ParameterSpec, QueueStatus, Status, SystemInfo } from "./types";

/**
 * Every server route the UI calls, in one place: a .NET test (WebUiApiClientTests) checks each against /openapi.json,
 * so a renamed route fails the build's tests, not a user's click.
 */
export const PATHS = {
  me: "/api/auth/me",
  login: "/api/auth/login",
  logout: "/api/auth/logout",
  refresh: "/api/auth/refresh",
  parameters: "/api/parameters",
  samplers: "/api/samplers",
  schedulers: "/api/schedulers",
  generate: "/api/generate/{mode}",
  status: "/api/status",
  system: "/api/system",
  events: "/api/events",
  job: "/api/queue/job/{jobId}",
  jobEvents: "/api/queue/job/{jobId}/events",
  queue: "/api/queue/status",
  history: "/api/queue/history",
  cancel: "/api/queue/cancel",
  clear: "/api/queue/clear",
  zip: "/api/outputs/zip",
  models: "/api/models",
  model: "/api/models/{modelId}",
  modelLoad: "/api/models/{modelId}/load",
  modelUnload: "/api/models/{modelId}/unload",
  modelsRefresh: "/api/models/refresh",
  modelTypes: "/api/models/types",
  modelHash: "/api/models/hash",
  modelValidate: "/api/models/validate",
  modelConvert: "/api/models/convert",
  pngInfo: "/sdapi/v1/png-info",
  workerDrain: "/api/workers/{id}/drain",
  workerEnable: "/api/workers/{id}/enable",
  workerRestart: "/api/workers/{id}/restart",
} as const;

/**
 * The generation modes whose `/api/generate/{mode}` routes WebUiApiClientTests checks in /openapi.json. The form shows
 * the modes /api/parameters lists (modesOf), so a mode the server adds (video) appears without a change here.
 */
export const MODES = ["text2img", "img2img", "inpainting", "controlnet", "upscale"] as const;
export type Mode = string;

export class ApiError extends Error {
  constructor(public readonly status: number, public readonly body: ApiErrorBody) {
    super(body.message || body.error);
  }
}

/** Called when a request comes back 401: the app shows the login dialog over the page, keeping what was typed. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: () => void) { onUnauthorized = handler; }

export function path(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(values[k] ?? ""));
}

/** An access token that expired is renewed from the refresh cookie once, and the request sent again. */
async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  try {
    return await send<T>(method, url, body);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401 || [PATHS.login, PATHS.refresh, PATHS.logout].includes(url as never)) throw e;
    try { await send("POST", PATHS.refresh, {}); } catch { onUnauthorized?.(); throw e; }
    return await send<T>(method, url, body);
  }
}

async function send<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  // The cookie session's anti-forgery header: unsafe methods authenticated by the cookie must carry it.
  if (method !== "GET") headers["X-Sds-Csrf"] = "1";
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  if (!response.ok) {
    let parsed: ApiErrorBody;
    try { parsed = await response.json(); } catch { parsed = { status: response.status, error: "http_" + response.status, message: response.statusText }; }
    throw new ApiError(response.status, parsed);
  }
  const type = response.headers.get("content-type") ?? "";
  return (type.includes("json") ? await response.json() : await response.blob()) as T;
}

const get = <T>(url: string) => request<T>("GET", url);
const post = <T>(url: string, body?: unknown) => request<T>("POST", url, body ?? {});

export const api = {
  me: () => get<Me>(PATHS.me),
  login: (username: string, password: string) => post<{ username: string; role: string }>(PATHS.login, { username, password }),
  logout: () => post<unknown>(PATHS.logout),
  parameters: () => get<{ parameters: ParameterSpec[] }>(PATHS.parameters),
  samplers: () => get<{ samplers: { name: string; description?: string }[]; default: string | null }>(PATHS.samplers),
  schedulers: () => get<{ schedulers: { name: string; description?: string }[]; default: string | null }>(PATHS.schedulers),
  generate: (mode: Mode, body: Record<string, unknown>) => post<{ job_id: string; status: string; position: number }>(path(PATHS.generate, { mode }), body),
  status: () => get<Status>(PATHS.status),
  system: () => get<SystemInfo>(PATHS.system),
  job: (jobId: string) => get<Job>(path(PATHS.job, { jobId })),
  deleteJob: (jobId: string) => request<unknown>("DELETE", path(PATHS.job, { jobId })),
  queue: () => get<QueueStatus>(PATHS.queue),
  history: (status?: string, type?: string, limit = 100) =>
    get<{ jobs: Job[] }>(`${PATHS.history}?limit=${limit}${status ? `&status=${status}` : ""}${type ? `&type=${type}` : ""}`),
  cancel: (jobId: string) => post<{ status: string }>(PATHS.cancel, { job_id: jobId }),
  clear: () => post<{ cleared: number }>(PATHS.clear),
  zip: (files: { job_id: string; filename: string }[]) => post<Blob>(PATHS.zip, { files }),
  models: () => get<ModelList>(`${PATHS.models}?limit=500`),
  model: (modelId: string) => get<ModelDetail>(path(PATHS.model, { modelId })),
  loadModel: (modelId: string, workerId?: string) => post<unknown>(path(PATHS.modelLoad, { modelId }), workerId ? { worker_id: workerId } : {}),
  unloadModel: (modelId: string, workerId?: string) => post<unknown>(path(PATHS.modelUnload, { modelId }), workerId ? { worker_id: workerId } : {}),
  // Waits for the rescan (bounded by the server), so the list read next is the new one.
  refreshModels: () => post<unknown>(PATHS.modelsRefresh, { wait: true }),
  modelTypes: () => get<{ types: { name: string }[]; convert_types: string[] }>(PATHS.modelTypes),
  // 202 with progress while a big file hashes; asking again continues the same run.
  hashModel: (modelId: string) => post<ModelHash>(PATHS.modelHash, { model_id: modelId, wait_seconds: 5 }),
  validateModel: (modelId: string) => post<ModelValidation>(PATHS.modelValidate, { model_id: modelId }),
  convertModel: (modelId: string, outputType: string) => post<{ job_id: string; status: string }>(PATHS.modelConvert, { model_id: modelId, output_type: outputType }),
  // The A1111 route reads the parameters a PNG carries in its text chunk.
  pngInfo: (image: string) => post<{ info: string; items: Record<string, unknown>; parameters?: Record<string, unknown> }>(PATHS.pngInfo, { image }),
  worker: (id: string, action: "drain" | "enable" | "restart") =>
    post<unknown>(path(action === "drain" ? PATHS.workerDrain : action === "enable" ? PATHS.workerEnable : PATHS.workerRestart, { id })),
};

export const thumbUrl = (url: string, size = 256) => `${url}?thumb=1&size=${size}`;
