using System.Runtime.InteropServices;

namespace SdSupervised.Worker.Native;

/// <summary>
/// The C API of stable-diffusion.cpp at tag <see cref="PinnedVersion"/> (<c>include/stable-diffusion.h</c>), as
/// source-generated P/Invokes. Only pointers and blittable values cross: strings are UTF-8 buffers the
/// caller owns (see <see cref="NativeArena"/>), returned <c>const char*</c> are the library's static strings.
/// The library is bound to the resolved file by <see cref="SdLibraryBinding"/>, never found by name alone.
/// </summary>
internal static unsafe partial class SdNative
{
    /// <summary>The name in the imports below; <see cref="SdLibraryBinding"/> maps it to the resolved file.</summary>
    public const string LibraryName = "stable-diffusion";

    /// <summary>What <c>sd_version()</c> returns for an official build of the tag this binding was written against.</summary>
    public const string PinnedVersion = "master-827-97d2990";

    /// <summary>The full commit of <see cref="PinnedVersion"/>; <c>sd_commit()</c> returns a prefix of it (git's short hash).</summary>
    public const string PinnedCommit = "97d2990807fe6d558e395f8764198d7c7e7b411c";

    /// <summary>Every export the binding calls; <see cref="SdLibraryBinding"/> checks them all at bind time, so a wrong library fails the start, not a job.</summary>
    public static readonly string[] RequiredExports =
    [
        "sd_set_log_callback", "sd_set_progress_callback", "sd_set_preview_callback", "sd_version", "sd_commit", "sd_get_system_info", "sd_list_devices",
        "sd_get_num_physical_cores", "sd_sample_method_name", "sd_scheduler_name", "sd_type_name", "sd_hires_upscaler_name",
        "str_to_sample_method", "str_to_scheduler", "str_to_sd_type", "str_to_sd_hires_upscaler",
        "sd_ctx_params_init", "sd_sample_params_init", "sd_img_gen_params_init", "new_sd_ctx", "free_sd_ctx",
        "sd_ctx_load_control_net", "generate_image", "sd_cancel_generation", "free_sd_images",
        "new_upscaler_ctx", "free_upscaler_ctx", "upscale", "get_upscale_factor", "convert",
        "sd_vid_gen_params_init", "generate_video",
    ];

    // Callbacks: void (*)(enum sd_log_level_t, const char*, void*) and void (*)(int, int, float, void*).
    [LibraryImport(LibraryName, EntryPoint = "sd_set_log_callback")]
    public static partial void SetLogCallback(delegate* unmanaged[Cdecl]<int, byte*, void*, void> callback, void* data);

    [LibraryImport(LibraryName, EntryPoint = "sd_set_progress_callback")]
    public static partial void SetProgressCallback(delegate* unmanaged[Cdecl]<int, int, float, void*, void> callback, void* data);

    /// <summary>PREVIEW_PROJ of <c>enum preview_t</c>: the latent projected to RGB, cheap and latent-sized.</summary>
    public const int PreviewProjection = 1;

    /// <summary>PREVIEW_TAE: decoded by the context's TAESD (needs one loaded); image-sized, still cheap.</summary>
    public const int PreviewTaesd = 2;

    // void (*)(int step, int frame_count, sd_image_t* frames, bool is_noisy, void* data); bool is one byte in the C ABI.
    [LibraryImport(LibraryName, EntryPoint = "sd_set_preview_callback")]
    public static partial void SetPreviewCallback(delegate* unmanaged[Cdecl]<int, int, SdImage*, byte, void*, void> callback,
        int mode, int interval, byte denoised, byte noisy, void* data);

    [LibraryImport(LibraryName, EntryPoint = "sd_version")]
    public static partial byte* Version();

    [LibraryImport(LibraryName, EntryPoint = "sd_commit")]
    public static partial byte* Commit();

    [LibraryImport(LibraryName, EntryPoint = "sd_get_system_info")]
    public static partial byte* SystemInfo();

    /// <summary>Writes "name\tdescription\n" per device; returns the length needed (without the NUL).</summary>
    [LibraryImport(LibraryName, EntryPoint = "sd_list_devices")]
    public static partial nuint ListDevices(byte* buffer, nuint bufferSize);

    [LibraryImport(LibraryName, EntryPoint = "sd_get_num_physical_cores")]
    public static partial int PhysicalCores();

    [LibraryImport(LibraryName, EntryPoint = "sd_sample_method_name")]
    public static partial byte* SampleMethodName(int value);

    [LibraryImport(LibraryName, EntryPoint = "sd_scheduler_name")]
    public static partial byte* SchedulerName(int value);

    [LibraryImport(LibraryName, EntryPoint = "sd_type_name")]
    public static partial byte* SdTypeName(int value);

    [LibraryImport(LibraryName, EntryPoint = "sd_hires_upscaler_name")]
    public static partial byte* HiresUpscalerName(int value);

    [LibraryImport(LibraryName, EntryPoint = "str_to_sample_method")]
    public static partial int StrToSampleMethod(byte* name);

    [LibraryImport(LibraryName, EntryPoint = "str_to_scheduler")]
    public static partial int StrToScheduler(byte* name);

    [LibraryImport(LibraryName, EntryPoint = "str_to_sd_type")]
    public static partial int StrToSdType(byte* name);

    [LibraryImport(LibraryName, EntryPoint = "str_to_sd_hires_upscaler")]
    public static partial int StrToHiresUpscaler(byte* name);

    [LibraryImport(LibraryName, EntryPoint = "sd_ctx_params_init")]
    public static partial void CtxParamsInit(SdCtxParams* parameters);

    [LibraryImport(LibraryName, EntryPoint = "sd_sample_params_init")]
    public static partial void SampleParamsInit(SdSampleParams* parameters);

    [LibraryImport(LibraryName, EntryPoint = "sd_img_gen_params_init")]
    public static partial void ImgGenParamsInit(SdImgGenParams* parameters);

    [LibraryImport(LibraryName, EntryPoint = "new_sd_ctx")]
    public static partial nint NewContext(SdCtxParams* parameters);

    [LibraryImport(LibraryName, EntryPoint = "free_sd_ctx")]
    public static partial void FreeContext(nint context);

    [LibraryImport(LibraryName, EntryPoint = "sd_ctx_load_control_net")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool LoadControlNet(nint context, byte* path);

    [LibraryImport(LibraryName, EntryPoint = "generate_image")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool GenerateImage(nint context, SdImgGenParams* parameters, SdImage** imagesOut, int* countOut);

    [LibraryImport(LibraryName, EntryPoint = "sd_vid_gen_params_init")]
    public static partial void VidGenParamsInit(SdVidGenParams* parameters);

    /// <summary><paramref name="audioOut"/> may be null: the library then frees the clip's audio itself (Wan makes none).</summary>
    [LibraryImport(LibraryName, EntryPoint = "generate_video")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool GenerateVideo(nint context, SdVidGenParams* parameters, SdImage** framesOut, int* countOut, void** audioOut);

    /// <summary>Optional: not in <see cref="RequiredExports"/>, so check <see cref="SdLibraryBinding.HasExport"/> first.</summary>
    public const string PreprocessCannyExport = "preprocess_canny";

    /// <summary>Exports the binding calls only after <see cref="SdLibraryBinding.HasExport"/> found them: a build without one still runs everything else.</summary>
    public static readonly string[] OptionalExports = [PreprocessCannyExport];

    /// <summary>Edge-detects <paramref name="image"/> in place (its pixels are overwritten); the image is passed by value, as the header declares.</summary>
    [LibraryImport(LibraryName, EntryPoint = PreprocessCannyExport)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool PreprocessCanny(SdImage image, float highThreshold, float lowThreshold, float weak, float strong,
        [MarshalAs(UnmanagedType.U1)] bool inverse);

    [LibraryImport(LibraryName, EntryPoint = "sd_cancel_generation")]
    public static partial void CancelGeneration(nint context, SdCancelMode mode);

    /// <summary>Frees each image's data and the array (the library's allocator, not ours).</summary>
    [LibraryImport(LibraryName, EntryPoint = "free_sd_images")]
    public static partial void FreeImages(SdImage* images, int count);

    [LibraryImport(LibraryName, EntryPoint = "new_upscaler_ctx")]
    public static partial nint NewUpscalerContext(
        byte* esrganPath, [MarshalAs(UnmanagedType.U1)] bool direct, int threads, int tileSize, byte* backend, byte* paramsBackend);

    [LibraryImport(LibraryName, EntryPoint = "free_upscaler_ctx")]
    public static partial void FreeUpscalerContext(nint context);

    /// <summary><paramref name="input"/> is passed by value (24 bytes), as the header declares.</summary>
    [LibraryImport(LibraryName, EntryPoint = "upscale")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool Upscale(nint context, SdImage input, uint factor, SdImage** imagesOut, int* countOut);

    [LibraryImport(LibraryName, EntryPoint = "get_upscale_factor")]
    public static partial int GetUpscaleFactor(nint context);

    [LibraryImport(LibraryName, EntryPoint = "convert")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool Convert(
        byte* inputPath, byte* vaePath, byte* outputPath, int outputType, byte* tensorTypeRules, [MarshalAs(UnmanagedType.U1)] bool convertName);
}
