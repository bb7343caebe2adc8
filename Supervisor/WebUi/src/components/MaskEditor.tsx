import { Brush, Eraser, FlipHorizontal2, Redo2, Trash2, Undo2, ZoomIn, ZoomOut } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { MaskModel } from "../lib/mask";

/** Paints a mask over the source image at the image's own resolution; `onChange` gets the model after every edit. */
export function MaskEditor({ image, onChange }: { image: HTMLImageElement; onChange: (mask: MaskModel) => void }) {
  const [model] = useState(() => new MaskModel(image.naturalWidth, image.naturalHeight));
  const [tool, setTool] = useState<"brush" | "eraser">("brush");
  const [radius, setRadius] = useState(Math.max(4, Math.round(image.naturalWidth / 24)));
  const [zoom, setZoom] = useState(1);
  const [, setVersion] = useState(0);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);

  const redraw = () => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    const overlay = ctx.createImageData(model.width, model.height);
    for (let i = 0; i < model.pixels.length; i++) if (model.pixels[i]) { overlay.data[i * 4] = 239; overlay.data[i * 4 + 3] = 140; }
    ctx.putImageData(overlay, 0, 0);
    setVersion((v) => v + 1);
    onChange(model);
  };
  useEffect(redraw, []); // eslint-disable-line react-hooks/exhaustive-deps

  const point = (e: React.PointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * model.width, ((e.clientY - r.top) / r.height) * model.height];
  };
  const act = (f: () => void) => { f(); redraw(); };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-1" role="toolbar" aria-label="Mask tools">
        <button type="button" className={`btn ${tool === "brush" ? "bg-zinc-200 dark:bg-zinc-700" : ""}`} aria-pressed={tool === "brush"} onClick={() => setTool("brush")}><Brush size={14} />Brush</button>
        <button type="button" className={`btn ${tool === "eraser" ? "bg-zinc-200 dark:bg-zinc-700" : ""}`} aria-pressed={tool === "eraser"} onClick={() => setTool("eraser")}><Eraser size={14} />Eraser</button>
        <label className="flex items-center gap-1 text-xs">Size
          <input type="range" min={1} max={Math.max(8, Math.round(model.width / 4))} value={radius} onChange={(e) => setRadius(Number(e.target.value))} aria-label="Brush size" />
        </label>
        <button type="button" className="btn" onClick={() => act(() => model.apply({ kind: "invert" }))}><FlipHorizontal2 size={14} />Invert</button>
        <button type="button" className="btn" onClick={() => act(() => model.apply({ kind: "clear" }))}><Trash2 size={14} />Clear</button>
        <button type="button" className="btn" disabled={!model.canUndo} onClick={() => act(() => model.undo())} aria-label="Undo"><Undo2 size={14} /></button>
        <button type="button" className="btn" disabled={!model.canRedo} onClick={() => act(() => model.redo())} aria-label="Redo"><Redo2 size={14} /></button>
        <button type="button" className="btn" onClick={() => setZoom((z) => Math.min(4, z * 1.5))} aria-label="Zoom in"><ZoomIn size={14} /></button>
        <button type="button" className="btn" onClick={() => setZoom((z) => Math.max(0.25, z / 1.5))} aria-label="Zoom out"><ZoomOut size={14} /></button>
      </div>
      <div className="max-h-[70vh] overflow-auto rounded border border-zinc-300 dark:border-zinc-700">
        <div className="relative" style={{ width: `${100 * zoom}%`, aspectRatio: `${model.width} / ${model.height}` }}>
          <img src={image.src} alt="Source" className="absolute inset-0 h-full w-full select-none" draggable={false} />
          <canvas ref={canvas} width={model.width} height={model.height} data-testid="mask-canvas" aria-label="Mask: paint where to repaint"
            className="absolute inset-0 h-full w-full cursor-crosshair touch-none"
            onPointerDown={(e) => { drawing.current = true; e.currentTarget.setPointerCapture(e.pointerId); act(() => model.apply({ kind: "stroke", tool, radius, points: [point(e)] })); }}
            onPointerMove={(e) => { if (drawing.current) act(() => model.extend(point(e))); }}
            onPointerUp={() => { drawing.current = false; }} />
        </div>
      </div>
    </div>
  );
}

/** The mask as a PNG data URL: the model's pixels, lossless. */
export function maskPng(model: MaskModel): string {
  const c = document.createElement("canvas");
  c.width = model.width; c.height = model.height;
  const ctx = c.getContext("2d")!;
  ctx.putImageData(new ImageData(model.toRgba(), model.width, model.height), 0, 0);
  return c.toDataURL("image/png");
}
