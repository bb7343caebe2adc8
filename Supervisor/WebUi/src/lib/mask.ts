/**
 * The inpainting mask as data: a list of operations (brush and eraser strokes, invert, clear) replayed onto a
 * one-byte-per-pixel buffer at the source image's size. Undo/redo move along the list, and the PNG sent is made from
 * the same buffer the editor shows, so the mask the server gets is exactly what was painted (white = repaint).
 */
export type MaskOp =
  | { kind: "stroke"; tool: "brush" | "eraser"; radius: number; points: [number, number][] }
  | { kind: "invert" }
  | { kind: "clear" };

export class MaskModel {
  private ops: MaskOp[] = [];
  private undone: MaskOp[] = [];
  readonly pixels: Uint8Array;

  constructor(readonly width: number, readonly height: number) {
    this.pixels = new Uint8Array(width * height);
  }

  get canUndo() { return this.ops.length > 0; }
  get canRedo() { return this.undone.length > 0; }

  apply(op: MaskOp) {
    this.ops.push(op);
    this.undone = [];
    paint(this.pixels, this.width, this.height, op);
  }

  /** Adds a point to the last stroke (while the pointer moves) without replaying the history. */
  extend(point: [number, number]) {
    const last = this.ops[this.ops.length - 1];
    if (!last || last.kind !== "stroke") return;
    const prev = last.points[last.points.length - 1];
    last.points.push(point);
    segment(this.pixels, this.width, this.height, prev, point, last.radius, last.tool === "brush" ? 255 : 0);
  }

  undo() {
    const op = this.ops.pop();
    if (op) { this.undone.push(op); this.replay(); }
  }

  redo() {
    const op = this.undone.pop();
    if (op) { this.ops.push(op); paint(this.pixels, this.width, this.height, op); }
  }

  isEmpty() { return this.pixels.every((p) => p === 0); }

  private replay() {
    this.pixels.fill(0);
    for (const op of this.ops) paint(this.pixels, this.width, this.height, op);
  }

  /** Opaque RGBA: white where painted, black elsewhere (what an ImageData, and so the PNG, holds). */
  toRgba(): Uint8ClampedArray<ArrayBuffer> {
    const rgba = new Uint8ClampedArray(this.width * this.height * 4);
    for (let i = 0; i < this.pixels.length; i++) {
      const v = this.pixels[i];
      rgba[i * 4] = v; rgba[i * 4 + 1] = v; rgba[i * 4 + 2] = v; rgba[i * 4 + 3] = 255;
    }
    return rgba;
  }
}

function paint(pixels: Uint8Array, w: number, h: number, op: MaskOp) {
  if (op.kind === "clear") { pixels.fill(0); return; }
  if (op.kind === "invert") { for (let i = 0; i < pixels.length; i++) pixels[i] = 255 - pixels[i]; return; }
  const value = op.tool === "brush" ? 255 : 0;
  if (op.points.length === 1) disc(pixels, w, h, op.points[0][0], op.points[0][1], op.radius, value);
  for (let i = 1; i < op.points.length; i++) segment(pixels, w, h, op.points[i - 1], op.points[i], op.radius, value);
}

/** A round brush dragged from a to b: discs every half pixel, so no gap opens on a fast stroke. */
function segment(pixels: Uint8Array, w: number, h: number, a: [number, number], b: [number, number], r: number, value: number) {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const n = Math.max(1, Math.ceil(length * 2));
  for (let i = 0; i <= n; i++) disc(pixels, w, h, a[0] + ((b[0] - a[0]) * i) / n, a[1] + ((b[1] - a[1]) * i) / n, r, value);
}

/** Pixels whose centre lies within r of (cx, cy). */
export function disc(pixels: Uint8Array, w: number, h: number, cx: number, cy: number, r: number, value: number) {
  const x0 = Math.max(0, Math.floor(cx - r)), x1 = Math.min(w - 1, Math.ceil(cx + r));
  const y0 = Math.max(0, Math.floor(cy - r)), y1 = Math.min(h - 1, Math.ceil(cy + r));
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx, dy = y + 0.5 - cy;
      if (dx * dx + dy * dy <= r * r) pixels[y * w + x] = value;
    }
}
