import { describe, expect, it } from "vitest";
import type { ParameterSpec } from "../api/types";
import { applyRecommended, buildRequest, defaultsFor, fieldsFor, validate, validateAll } from "./paramForm";

const spec = (p: Partial<ParameterSpec> & { name: string }): ParameterSpec => ({
  type: "integer", required: false, default: null, min: null, max: null, multiple_of: null, allowed: null, description: "",
  modes: ["text2img", "img2img"], ...p,
});

// The shape /api/parameters answers (a subset of it).
const specs: ParameterSpec[] = [
  spec({ name: "prompt", type: "string", required: true, max: 20 }),
  spec({ name: "width", default: 512, min: 64, max: 2048, multiple_of: 8 }),
  spec({ name: "steps", default: 20, min: 1, max: 150 }),
  spec({ name: "cfg_scale", type: "number", default: 7, min: 0, max: 100 }),
  spec({ name: "sampling_method", type: "string", allowed: ["euler", "euler_a"] }),
  spec({ name: "strength", type: "number", default: 0.75, min: 0, max: 1, modes: ["img2img"] }),
  spec({ name: "hires", type: "object" }),
];

describe("parameter form", () => {
  it("shows a mode's own fields only, without the ones that have their own controls", () => {
    expect(fieldsFor(specs, "text2img").map((s) => s.name)).toEqual(["width", "steps", "cfg_scale", "sampling_method"]);
    expect(fieldsFor(specs, "img2img").map((s) => s.name)).toContain("strength");
  });

  it("takes its defaults from the server", () => {
    expect(defaultsFor(specs, "text2img")).toEqual({ width: 512, steps: 20, cfg_scale: 7 });
  });

  it("refuses what the server would refuse, with its limits", () => {
    const width = specs[1];
    expect(validate(width, 63)).toMatch(/at least 64/);
    expect(validate(width, 2056)).toMatch(/at most 2048/);
    expect(validate(width, 100)).toMatch(/multiple of 8/);
    expect(validate(width, 104)).toBeNull();
    expect(validate(specs[2], 2.5)).toMatch(/whole number/);
    expect(validate(specs[4], "heun")).toMatch(/one of euler, euler_a/);
    expect(validateAll(specs, "text2img", { width: 512 })).toEqual({ prompt: "prompt is required" });
    expect(validate(specs[0], "x".repeat(21))).toMatch(/at most 20/);
  });

  it("applies a model's recommended settings to the fields the mode has", () => {
    const next = applyRecommended({ width: 512, steps: 20 }, { cfg_scale: 1, sampling_method: "euler", scheduler: null, steps: 4, width: 1024, height: 1024 }, specs, "text2img");
    expect(next).toEqual({ width: 1024, steps: 4, cfg_scale: 1, sampling_method: "euler" });
  });

  it("sends numbers as numbers and leaves out empty fields and other modes' fields", () => {
    expect(buildRequest(specs, "text2img", { prompt: "a cat", width: "640", steps: "", strength: 0.5, sampling_method: "euler" }))
      .toEqual({ prompt: "a cat", width: 640, sampling_method: "euler" });
  });
});
