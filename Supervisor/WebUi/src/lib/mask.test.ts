import { describe, expect, it } from "vitest";
import { MaskModel } from "./mask";

const at = (m: MaskModel, x: number, y: number) => m.pixels[y * m.width + x];
const count = (m: MaskModel) => m.pixels.reduce((n, p) => n + (p ? 1 : 0), 0);

describe("MaskModel", () => {
  it("a brush dab paints exactly the pixels whose centre is within the radius", () => {
    const m = new MaskModel(16, 16);
    m.apply({ kind: "stroke", tool: "brush", radius: 2, points: [[8, 8]] });
    // Centres at 6.5..9.5 within 2 of (8,8): a 4x4 block less its corners (distance sqrt(4.5) > 2).
    expect(count(m)).toBe(12);
    expect(at(m, 7, 7)).toBe(255);
    expect(at(m, 6, 6)).toBe(0);
    expect(at(m, 5, 8)).toBe(0);
  });

  it("a stroke leaves no gap between its points and the eraser removes paint", () => {
    const m = new MaskModel(32, 8);
    m.apply({ kind: "stroke", tool: "brush", radius: 1, points: [[2, 4], [29, 4]] });
    for (let x = 2; x < 29; x++) expect(at(m, x, 3)).toBe(255);
    m.apply({ kind: "stroke", tool: "eraser", radius: 1, points: [[10, 4], [20, 4]] });
    expect(at(m, 15, 3)).toBe(0);
    expect(at(m, 5, 3)).toBe(255);
    expect(at(m, 25, 3)).toBe(255);
  });

  it("invert swaps painted and unpainted, and undo/redo replay the history exactly", () => {
    const m = new MaskModel(8, 8);
    m.apply({ kind: "stroke", tool: "brush", radius: 1, points: [[1, 1]] });
    const painted = Array.from(m.pixels);
    m.apply({ kind: "invert" });
    expect(Array.from(m.pixels)).toEqual(painted.map((p) => 255 - p));
    m.undo();
    expect(Array.from(m.pixels)).toEqual(painted);
    m.redo();
    expect(Array.from(m.pixels)).toEqual(painted.map((p) => 255 - p));
    m.undo(); m.undo();
    expect(m.isEmpty()).toBe(true);
    expect(m.canUndo).toBe(false);
    m.redo();
    expect(Array.from(m.pixels)).toEqual(painted);
  });

  it("extend adds to the current stroke and a new operation clears redo", () => {
    const m = new MaskModel(16, 4);
    m.apply({ kind: "stroke", tool: "brush", radius: 1, points: [[1, 2]] });
    m.extend([14, 2]);
    expect(at(m, 8, 1)).toBe(255);
    m.undo();
    expect(m.isEmpty()).toBe(true);
    m.apply({ kind: "clear" });
    expect(m.canRedo).toBe(false);
  });

  it("the RGBA sent is opaque white where painted and opaque black elsewhere", () => {
    const m = new MaskModel(4, 1);
    m.apply({ kind: "stroke", tool: "brush", radius: 0.5, points: [[0.5, 0.5]] });
    expect(Array.from(m.toRgba())).toEqual([255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]);
  });
});
