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
  return specs.filter((s) => s.modes.includes(mode) && !SPECIAL.has(s.name) && !isImageField(s.name) && s.type !== "object" && s.type !== "array");
}

/** The order the mode tabs take for the modes we know; any other mode the server lists (video...) follows in its order. */
const MODE_ORDER = ["text2img", "img2img", "inpainting", "controlnet", "upscale", "video"];

/** The generation modes /api/parameters describes: a mode appears when the server offers it, and only then. */
export function modesOf(specs: ParameterSpec[]): string[] {
  const seen: string[] = [];
  for (const s of specs) for (const m of s.modes) if (!seen.includes(m)) seen.push(m);
  const rank = (m: string) => (MODE_ORDER.includes(m) ? MODE_ORDER.indexOf(m) : MODE_ORDER.length + seen.indexOf(m));
  return seen.sort((a, b) => rank(a) - rank(b));
}

/** Image inputs (base64, data: URL or http(s) URL) are fields named `image` or `*_image`; the mask has its own editor. */
export const isImageField = (name: string) => name === "image" || name.endsWith("_image");
export function imageFieldsFor(specs: ParameterSpec[], mode: string): ParameterSpec[] {
  return specs.filter((s) => s.modes.includes(mode) && isImageField(s.name) && s.name !== "mask_image");
}

/** Fields that name a catalog file, and the catalog types that fit them. */
export const MODEL_FIELDS: Record<string, string[]> = {
  vae_model: ["vae"], control_net_model: ["controlnet"], esrgan_model: ["esrgan", "upscaler"],
};

/** One LoRA row as the form holds it; `weight` as typed. */
export interface LoraRow { name: string; weight: string | number }

/** A new LoRA row: the element's default weight from the server. */
export function newLora(spec: ParameterSpec | undefined, name: string): LoraRow {
  const weight = spec?.fields?.find((f) => f.name === "weight")?.default;
  return { name, weight: typeof weight === "number" ? weight : "" };
}

/** Whether another LoRA may be added (the array's max is the most elements). */
export const canAddLora = (spec: ParameterSpec | undefined, rows: LoraRow[]) => !!spec && (spec.max === null || rows.length < spec.max);

/** Errors of the LoRA rows, keyed `loras.<i>.<field>`, against the element's fields. */
export function validateLoras(spec: ParameterSpec | undefined, rows: LoraRow[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!spec) return errors;
  if (spec.max !== null && rows.length > spec.max) errors.loras = `at most ${spec.max} LoRAs`;
  rows.forEach((row, i) => {
    for (const f of spec.fields ?? []) {
      const e = validate({ ...f, name: `LoRA ${f.name}` }, row[f.name as keyof LoraRow]);
      if (e) errors[`loras.${i}.${f.name}`] = e;
    }
  });
  return errors;
}

/** The API's loras list: [{name, weight}], an empty weight left to the server's default. */
export function lorasBody(spec: ParameterSpec | undefined, rows: LoraRow[]): { name: string; weight?: number }[] {
  if (!spec) return [];
  return rows.filter((r) => r.name).map((r) => (r.weight === "" ? { name: r.name } : { name: r.name, weight: Number(r.weight) }));
}

/** The hires fix's members (from the server's `hires.fields`), without `enabled`: the form's switch is that. */
export function hiresFieldsOf(spec: ParameterSpec | undefined): ParameterSpec[] {
  return (spec?.fields ?? []).filter((f) => f.name !== "enabled");
}

/** The hires values a form starts with: each member's server default, under `hires.<name>`. */
export function hiresDefaults(spec: ParameterSpec | undefined): FormValues {
  const values: FormValues = {};
  for (const f of hiresFieldsOf(spec)) if (f.default !== null && f.default !== undefined) values[`hires.${f.name}`] = f.default as string | number;
  return values;
}

/**
 * The hires object to send, or null when it is off. Width/height replace scale (the server's rule), so scale is left
 * out when both are set. An upscaler outside `allowed` is an ESRGAN model from the catalog, which the server takes too.
 */
export function hiresBody(spec: ParameterSpec | undefined, on: boolean, values: FormValues): Record<string, unknown> | null {
  if (!spec || !on) return null;
  const body: Record<string, unknown> = {};
  for (const f of hiresFieldsOf(spec)) {
    const v = values[`hires.${f.name}`];
    if (v === null || v === undefined || v === "") continue;
    body[f.name] = f.type === "integer" || f.type === "number" ? Number(v) : v;
  }
  if (body.width !== undefined && body.height !== undefined) delete body.scale;
  return body;
}

export function validateHires(spec: ParameterSpec | undefined, on: boolean, values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!spec || !on) return errors;
  for (const f of hiresFieldsOf(spec)) {
    // The upscaler may also be a catalog model: only the numbers are checked here; the server checks the name.
    const e = f.allowed ? null : validate({ ...f, name: `hires ${f.name.replace(/_/g, " ")}` }, values[`hires.${f.name}`]);
    if (e) errors[`hires.${f.name}`] = e;
  }
  return errors;
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

/** Per-field errors of a 400 answer (`errors: {field: [messages]}`), one line each, keyed as the form keys them. */
export function fieldErrors(errors: Record<string, string[]> | undefined): Record<string, string> {
  if (!errors) return {};
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/\[(\d+)\]/g, ".$1"), v.join(" ")]));
}

/** The step a number input uses: the field's multiple, else 1 for integers and a tenth for fractions below 2. */
export function stepOf(spec: ParameterSpec): number {
  if (spec.multiple_of) return spec.multiple_of;
  if (spec.type === "integer") return 1;
  return spec.max !== null && spec.max <= 2 ? 0.05 : 0.5;
}
