using System.Runtime.InteropServices;
using System.Text;

namespace SdSupervised.Worker.Native;

/// <summary>The real library, through <see cref="SdNative"/>. Bind it first (<see cref="SdLibraryBinding.Bind"/>).</summary>
public sealed unsafe class SdLibrary : ISdLibrary
{
    /// <summary>What the library's <c>*_name()</c> functions return for a value they do not know.</summary>
    private const string NoneName = "NONE";

    /// <summary>ggml's name for the removed quantization types that still hold their enum slots.</summary>
    private const string DeprecatedName = "DEPRECATED";

    /// <summary>Upper bound when enumerating the library's names; far above any enum at the pinned tag.</summary>
    private const int MaxEnumerated = 256;

    public string Version => Text(SdNative.Version());

    public string Commit => Text(SdNative.Commit());

    public string DeviceList()
    {
        var needed = (int)SdNative.ListDevices(null, 0);
        var buffer = new byte[needed + 1];
        fixed (byte* p = buffer)
            SdNative.ListDevices(p, (nuint)buffer.Length);
        return Encoding.UTF8.GetString(buffer, 0, needed);
    }

    public int PhysicalCores() => SdNative.PhysicalCores();

    public void InstallCallbacks(INativeCallbackSink sink) => NativeCallbacks.Install(sink);

    // The str_to_* functions return their enum's *_COUNT for an unknown name. Rather than copy that number from
    // the header, ask the library what it answers for a name that cannot exist.
    public int? SampleMethod(string name) => Lookup(name, static p => SdNative.StrToSampleMethod((byte*)p));

    public int? Scheduler(string name) => Lookup(name, static p => SdNative.StrToScheduler((byte*)p));

    /// <summary>ggml's names are case-sensitive (<c>q4_K</c>); users write <c>q4_k</c>, so a unique case-insensitive match is accepted too.</summary>
    public int? WeightType(string name)
    {
        if (Lookup(name, static p => SdNative.StrToSdType((byte*)p)) is { } exact)
            return exact;
        var matches = WeightTypeNames().Where(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        return matches.Count == 1 ? Lookup(matches[0], static p => SdNative.StrToSdType((byte*)p)) : null;
    }

    public IReadOnlyList<string> WeightTypeNames() => Names(static v => (nint)SdNative.SdTypeName(v), stopAtNone: false);

    public int? HiresUpscaler(string name) => Lookup(name, static p => SdNative.StrToHiresUpscaler((byte*)p));

    public IReadOnlyList<string> SampleMethodNames() => Names(static v => (nint)SdNative.SampleMethodName(v));

    public IReadOnlyList<string> SchedulerNames() => Names(static v => (nint)SdNative.SchedulerName(v));

    public IReadOnlyList<string> HiresUpscalerNames() => Names(static v => (nint)SdNative.HiresUpscalerName(v));

    public void CtxParamsInit(SdCtxParams* parameters) => SdNative.CtxParamsInit(parameters);

    public void ImgGenParamsInit(SdImgGenParams* parameters) => SdNative.ImgGenParamsInit(parameters);

    public nint NewContext(SdCtxParams* parameters) => SdNative.NewContext(parameters);

    public void FreeContext(nint context) => SdNative.FreeContext(context);

    public bool LoadControlNet(nint context, byte* path) => SdNative.LoadControlNet(context, path);

    public bool GenerateImage(nint context, SdImgGenParams* parameters, SdImage** images, int* count) =>
        SdNative.GenerateImage(context, parameters, images, count);

    public void VidGenParamsInit(SdVidGenParams* parameters) => SdNative.VidGenParamsInit(parameters);

    public bool GenerateVideo(nint context, SdVidGenParams* parameters, SdImage** frames, int* count) =>
        SdNative.GenerateVideo(context, parameters, frames, count, audioOut: null);

    public void Cancel(nint context, SdCancelMode mode) => SdNative.CancelGeneration(context, mode);

    public void FreeImages(SdImage* images, int count) => SdNative.FreeImages(images, count);

    public bool HasPreprocessCanny => SdLibraryBinding.HasExport(SdNative.PreprocessCannyExport);

    public bool PreprocessCanny(SdImage image, float highThreshold, float lowThreshold, float weak, float strong, bool inverse) =>
        SdNative.PreprocessCanny(image, highThreshold, lowThreshold, weak, strong, inverse);

    public nint NewUpscaler(byte* esrganPath, int threads, int tileSize, byte* backend, byte* paramsBackend) =>
        SdNative.NewUpscalerContext(esrganPath, direct: false, threads, tileSize, backend, paramsBackend);

    public void FreeUpscaler(nint upscaler) => SdNative.FreeUpscalerContext(upscaler);

    public bool Upscale(nint upscaler, SdImage input, uint factor, SdImage** images, int* count) =>
        SdNative.Upscale(upscaler, input, factor, images, count);

    public int UpscaleFactor(nint upscaler) => SdNative.GetUpscaleFactor(upscaler);

    public bool Convert(byte* inputPath, byte* vaePath, byte* outputPath, int outputType, byte* tensorTypeRules) =>
        SdNative.Convert(inputPath, vaePath, outputPath, outputType, tensorTypeRules, convertName: false);

    private static string Text(byte* value) => value is null ? "" : Marshal.PtrToStringUTF8((nint)value) ?? "";

    private static int? Lookup(string name, Func<nint, int> lookup)
    {
        using var arena = new NativeArena();
        var unknown = lookup((nint)arena.Utf8("\u0001sds-no-such-name"));
        var value = lookup((nint)arena.Utf8(name));
        return value == unknown ? null : value;
    }

    /// <summary>Asks the library for the name of 0, 1, 2, ... until it says NONE (sd types have holes, so those are skipped instead).</summary>
    private static IReadOnlyList<string> Names(Func<int, nint> name, bool stopAtNone = true)
    {
        var names = new List<string>();
        for (var value = 0; value < MaxEnumerated; value++)
        {
            var text = Text((byte*)name(value));
            if (text.Length == 0 || text == NoneName || text == DeprecatedName)
            {
                if (stopAtNone)
                    break;
                continue;
            }
            names.Add(text);
        }

        return names;
    }
}
