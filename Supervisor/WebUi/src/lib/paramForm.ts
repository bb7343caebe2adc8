import type { ParameterSpec, Recommended } from "../api/types";

/**
 * The generation form's logic, driven only by the server's /api/parameters: which fields a mode has, their
 * defaults, and what the server would refuse. No limit is written down here a second time.
 */
export type FormValues = Record<string, string | number | boolean | null>;

/** Fields the form shows as plain inputs; images, LoRAs, hires and fault injection have their own controls or none. */
const SPECIAL = new Set(["prompt", "negative_prompt", "loras", "hires", "fault", "fault_attempts", "fault_step",
  "init_image", "source_image", "mask_image", "control_image", "image", "model", "vae_model", "control_net_model", "esrgan_model"]);

export function fieldsFor(specs: ParameterSpec[], mode: string): ParameterSpec[] {
  return specs.filter((s) => s.modes.includes(mode) && !SPECIAL.has(s.name) && s.type !== "object" && s.type !== "array");
}

export function defaultsFor(specs: ParameterSpec[], mode: string): FormValues {
  const values: FormValues = {};
  for (const s of specs.filter((s) => s.modes.includes(mode)))
    if (s.default !== null && s.default !== undefined && (typeof s.default !== "object")) values[s.name] = s.default as string | number | boolean;
  return values;
}

/** A model's recommended cfg/steps/size/sampler over the current values, each only where this mode has the field. */
export function applyRecommended(values: FormValues, rec: Recommended | null, specs: ParameterSpec[], mode: string): FormValues {
  if (!rec) return values;
  const has = new Set(specs.filter((s) => s.modes.includes(mode)).map((s) => s.name));
  const next = { ...values };
  const set = (k: string, v: string | number | null) => { if (has.has(k) && v !== null && v !== undefined) next[k] = v; };
  set("cfg_scale", rec.cfg_scale);
  set("steps", rec.steps);
  set("width", rec.width);
  set("height", rec.height);
  set("sampling_method", rec.sampling_method);
  set("scheduler", rec.scheduler);
  return next;
}

/** What the server would say about one value, or null when it is acceptable. */
export function validate(spec: ParameterSpec, value: unknown): string | null {
  const empty = value === null || value === undefined || value === "";
  if (empty) return spec.required ? `${spec.name} is required` : null;
  if (spec.type === "integer" || spec.type === "number") {
    const n = Number(value);
    if (!Number.isFinite(n)) return `${spec.name} must be a number`;
    if (spec.type === "integer" && !Number.isInteger(n)) return `${spec.name} must be a whole number`;
    if (spec.min !== null && n < spec.min) return `${spec.name} must be at least ${spec.min}`;
    if (spec.max !== null && n > spec.max) return `${spec.name} must be at most ${spec.max}`;
    if (spec.multiple_of && n % spec.multiple_of !== 0) return `${spec.name} must be a multiple of ${spec.multiple_of}`;
  }
  if (spec.type === "string") {
    if (spec.allowed && !spec.allowed.includes(String(value))) return `${spec.name} must be one of ${spec.allowed.join(", ")}`;
    if (spec.max !== null && String(value).length > spec.max) return `${spec.name} is at most ${spec.max} characters`;
  }
  return null;
}

export function validateAll(specs: ParameterSpec[], mode: string, values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const s of specs.filter((s) => s.modes.includes(mode))) {
    const e = validate(s, values[s.name]);
    if (e) errors[s.name] = e;
  }
  return errors;
}

/** The request body: only this mode's fields, numbers as numbers, empty optional fields left out (the server's defaults apply). */
export function buildRequest(specs: ParameterSpec[], mode: string, values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const s of specs.filter((s) => s.modes.includes(mode))) {
    const v = values[s.name];
    if (v === null || v === undefined || v === "") continue;
    body[s.name] = s.type === "integer" || s.type === "number" ? Number(v) : v;
  }
  return body;
}

/** The step a number input uses: the field's multiple, else 1 for integers and a tenth for fractions below 2. */
export function stepOf(spec: ParameterSpec): number {
  if (spec.multiple_of) return spec.multiple_of;
  if (spec.type === "integer") return 1;
  return spec.max !== null && spec.max <= 2 ? 0.05 : 0.5;
}
