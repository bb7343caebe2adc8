using SdSupervised.Tools.TinyModels;

// sds-tiny-models <output-dir>: writes sdxs-tiny.gguf (txt2img/img2img/inpainting model) and esrgan-x4-tiny.gguf.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: sds-tiny-models <output-dir>");
    return 2;
}

var directory = Directory.CreateDirectory(args[0]).FullName;
foreach (var (file, build) in new (string, Func<GgufWriter>)[]
{
    ("sdxs-tiny.gguf", () => SdxsTinyModel.Build()),
    ("esrgan-x4-tiny.gguf", () => TinyEsrgan.Build()),
})
{
    var path = Path.Combine(directory, file);
    var gguf = build();
    // Write beside, then rename: a reader never sees a half-written model.
    gguf.Write(path + ".tmp");
    File.Move(path + ".tmp", path, overwrite: true);
    Console.WriteLine($"{path}: {gguf.Count} tensors, {new FileInfo(path).Length / (1024.0 * 1024.0):0.0} MiB");
}
return 0;
