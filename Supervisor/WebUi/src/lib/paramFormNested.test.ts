import { describe, expect, it } from "vitest";
import type { ParameterSpec } from "../api/types";
import {
  canAddLora, fieldErrors, fieldsFor, hiresBody, hiresDefaults, imageFieldsFor, lorasBody, modesOf, newLora, validateHires, validateLoras,
} from "./paramForm";

const spec = (p: Partial<ParameterSpec> & { name: string }): ParameterSpec => ({
  type: "integer", required: false, default: null, min: null, max: null, multiple_of: null, allowed: null, description: "",
  modes: ["text2img", "controlnet"], ...p,
});

// The nested shapes /api/parameters answers for loras and hires (a subset), and the mode-only fields.
const loras = spec({
  name: "loras", type: "array", max: 2, default: [],
  fields: [spec({ name: "name", type: "string", required: true, max: 512 }), spec({ name: "weight", type: "number", default: 1, min: -10, max: 10 })],
});
const hires = spec({
  name: "hires", type: "object",
  fields: [
    spec({ name: "enabled", type: "boolean" }),
    spec({ name: "upscaler", type: "string", default: "Latent", allowed: ["Latent", "Lanczos"] }),
    spec({ name: "scale", type: "number", default: 2, min: 1, max: 4 }),
    spec({ name: "width", min: 64, max: 2048, multiple_of: 8 }),
    spec({ name: "height", min: 64, max: 2048, multiple_of: 8 }),
    spec({ name: "steps", min: 1, max: 150 }),
  ],
});
const specs: ParameterSpec[] = [
  spec({ name: "prompt", type: "string", required: true }),
  loras, hires,
  spec({ name: "init_image", type: "string", modes: ["img2img", "controlnet"] }),
  spec({ name: "control_image", type: "string", required: true, modes: ["controlnet"] }),
  spec({ name: "control_net_model", type: "string", required: true, modes: ["controlnet"] }),
  spec({ name: "control_strength", type: "number", min: 0, max: 2, modes: ["controlnet"] }),
  spec({ name: "image", type: "string", required: true, modes: ["upscale"] }),
];

describe("modes", () => {
  it("are the ones the document lists, known ones in their usual order", () => {
    expect(modesOf(specs)).toEqual(["text2img", "img2img", "controlnet", "upscale"]);
  });

  it("include video only when the server describes a field for it", () => {
    expect(modesOf(specs)).not.toContain("video");
    expect(modesOf([...specs, spec({ name: "frames", modes: ["video"] })])).toEqual(["text2img", "img2img", "controlnet", "upscale", "video"]);
    expect(modesOf([...specs, spec({ name: "x", modes: ["zzz"] })]).at(-1)).toBe("zzz");
  });
});

describe("image inputs", () => {
  it("are the mode's image fields, not shown again as plain inputs", () => {
    expect(imageFieldsFor(specs, "controlnet").map((f) => f.name)).toEqual(["init_image", "control_image"]);
    expect(imageFieldsFor(specs, "upscale").map((f) => f.name)).toEqual(["image"]);
    expect(fieldsFor(specs, "controlnet").map((f) => f.name)).toEqual(["control_strength"]);
  });
});

describe("LoRA picker", () => {
  it("starts a row at the server's default weight and stops at the server's count", () => {
    expect(newLora(loras, "detail")).toEqual({ name: "detail", weight: 1 });
    expect(canAddLora(loras, [newLora(loras, "a")])).toBe(true);
    expect(canAddLora(loras, [newLora(loras, "a"), newLora(loras, "b")])).toBe(false);
    expect(canAddLora(undefined, [])).toBe(false);
  });

  it("checks each weight against the element's range", () => {
    expect(validateLoras(loras, [{ name: "a", weight: 10 }, { name: "b", weight: -10 }])).toEqual({});
    expect(validateLoras(loras, [{ name: "a", weight: 10.5 }])).toEqual({ "loras.0.weight": "LoRA weight must be at most 10" });
    expect(validateLoras(loras, [{ name: "", weight: 1 }])).toEqual({ "loras.0.name": "LoRA name is required" });
  });

  it("sends several as the API's loras list, weights as numbers", () => {
    expect(lorasBody(loras, [{ name: "a", weight: "0.5" }, { name: "b", weight: "" }])).toEqual([{ name: "a", weight: 0.5 }, { name: "b" }]);
  });
});

describe("hires fix", () => {
  it("starts from the members' defaults and is left out while off", () => {
    expect(hiresDefaults(hires)).toEqual({ "hires.upscaler": "Latent", "hires.scale": 2 });
    expect(hiresBody(hires, false, hiresDefaults(hires))).toBeNull();
  });

  it("sends the hires fields, width and height replacing scale", () => {
    expect(hiresBody(hires, true, { "hires.upscaler": "Lanczos", "hires.scale": "1.5", "hires.steps": "" })).toEqual({ upscaler: "Lanczos", scale: 1.5 });
    expect(hiresBody(hires, true, { "hires.scale": 2, "hires.width": "1024", "hires.height": 768 })).toEqual({ width: 1024, height: 768 });
  });

  it("checks the members' ranges; an upscaler outside the built-ins is a catalog model the server checks", () => {
    expect(validateHires(hires, true, { "hires.scale": 4.5, "hires.width": 1001, "hires.upscaler": "esrgan--x4" })).toEqual({
      "hires.scale": "hires scale must be at most 4", "hires.width": "hires width must be a multiple of 8",
    });
    expect(validateHires(hires, false, { "hires.scale": 99 })).toEqual({});
  });
});

describe("server errors", () => {
  it("land on the field they name, list indexes as the form keys them", () => {
    expect(fieldErrors({ "hires.scale": ["too big", "really"], "loras[1].weight": ["no"], prompt: ["empty"] }))
      .toEqual({ "hires.scale": "too big really", "loras.1.weight": "no", prompt: "empty" });
    expect(fieldErrors(undefined)).toEqual({});
  });
});
