namespace SdSupervised.Worker.Native;

/// <summary>
/// The native calls the engine makes, one member per C function (plus name lookups). <see cref="SdLibrary"/>
/// is the real library; unit tests substitute a scripted one to drive cancellation races and failures.
/// Pointers in, pointers out: ownership follows the C API (images from the library go back through
/// <see cref="FreeImages"/>).
/// </summary>
public unsafe interface ISdLibrary : ISdNames
{
    string Version { get; }
    string Commit { get; }

    /// <summary><c>sd_list_devices</c>: "name\tdescription" lines.</summary>
    string DeviceList();

    int PhysicalCores();

    /// <summary>Routes the library's log and progress callbacks to <paramref name="sink"/> for the rest of the process.</summary>
    void InstallCallbacks(INativeCallbackSink sink);

    void CtxParamsInit(SdCtxParams* parameters);
    void ImgGenParamsInit(SdImgGenParams* parameters);

    nint NewContext(SdCtxParams* parameters);
    void FreeContext(nint context);
    bool LoadControlNet(nint context, byte* path);
    bool GenerateImage(nint context, SdImgGenParams* parameters, SdImage** images, int* count);
    void VidGenParamsInit(SdVidGenParams* parameters);
    /// <summary><c>generate_video</c> without audio out; the frames go back through <see cref="FreeImages"/>.</summary>
    bool GenerateVideo(nint context, SdVidGenParams* parameters, SdImage** frames, int* count);
    void Cancel(nint context, SdCancelMode mode);
    void FreeImages(SdImage* images, int count);

    /// <summary>Whether the library has <c>preprocess_canny</c> (an optional export: builds without it still run everything else).</summary>
    bool HasPreprocessCanny { get; }
    /// <summary><c>preprocess_canny</c>: overwrites <paramref name="image"/>'s pixels with its edge map.</summary>
    bool PreprocessCanny(SdImage image, float highThreshold, float lowThreshold, float weak, float strong, bool inverse);

    nint NewUpscaler(byte* esrganPath, int threads, int tileSize, byte* backend, byte* paramsBackend);
    void FreeUpscaler(nint upscaler);
    bool Upscale(nint upscaler, SdImage input, uint factor, SdImage** images, int* count);
    int UpscaleFactor(nint upscaler);

    bool Convert(byte* inputPath, byte* vaePath, byte* outputPath, int outputType, byte* tensorTypeRules);
}
