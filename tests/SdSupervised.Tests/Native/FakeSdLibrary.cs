using System.Runtime.InteropServices;
using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Native;

/// <summary>
/// A scripted stand-in for libstable-diffusion.so that behaves like the real one where the engine depends
/// on it: generate_image clears the cancel flag on entry, checks it before every step, reports each step through
/// the progress callback and logs "generating image: i/n"; images are malloc'ed and must come back through
/// free_sd_images. Hooks let a test stop the call at the worst moments.
/// </summary>
internal sealed unsafe class FakeSdLibrary : FakeSdNames, ISdLibrary
{
    private INativeCallbackSink? _sink;
    private volatile bool _cancelFlag;
    private int _nextContext = 0x1000;

    public string Version { get; set; } = SdNative.PinnedVersion;
    public string Commit { get; set; } = "97d2990";
    public string Devices { get; set; } = "CPU\tTest CPU\n";

    /// <summary>Log lines new_sd_ctx writes before it fails (null context) when <see cref="FailLoad"/> is set.</summary>
    public bool FailLoad { get; set; }
    public bool FailGenerate { get; set; }
    public int ImageWidth { get; set; } = 64;
    public int ImageHeight { get; set; } = 64;

    /// <summary>Runs inside generate_image before the library clears its cancel flag (the race window).</summary>
    public Action? BeforeReset { get; set; }
    /// <summary>Runs inside generate_image after each step (1-based).</summary>
    public Action<int>? AfterStep { get; set; }
    public TimeSpan StepTime { get; set; } = TimeSpan.Zero;

    public SdCtxParams LastContextParams { get; private set; }
    public SdImgGenParams LastGenerationParams { get; private set; }
    public SdVidGenParams LastVideoParams { get; private set; }
    /// <summary>The high-noise run of generate_video when the call asks for none (-1): the library splits at the MoE boundary.</summary>
    public int AutoHighNoiseSteps { get; set; }
    public string? LastPrompt { get; private set; }
    public int CancelCalls;
    public int StepsRun { get; private set; }
    public List<nint> FreedContexts { get; } = [];
    public List<(nint Images, int Count)> FreedImages { get; } = [];
    public List<nint> AllocatedImages { get; } = [];
    public List<string> ControlNetsLoaded { get; } = [];
    public int UpscalersCreated { get; private set; }
    public List<nint> FreedUpscalers { get; } = [];
    public (int Type, string Input, string Output)? LastConvert { get; private set; }

    public string DeviceList() => Devices;

    public int PhysicalCores() => NativeDefaults.PhysicalCores;

    public void InstallCallbacks(INativeCallbackSink sink) => _sink = sink;

    public void CtxParamsInit(SdCtxParams* parameters) => *parameters = NativeDefaults.Context();

    public void ImgGenParamsInit(SdImgGenParams* parameters) => *parameters = NativeDefaults.Generation();

    public nint NewContext(SdCtxParams* parameters)
    {
        LastContextParams = *parameters;
        Log(SdLogLevel.Info, "model_loader.cpp:100 - loading tensors\n");
        for (var i = 1; i <= 4; i++)
            _sink?.OnProgress(i, 4, 0.01f);
        if (FailLoad)
        {
            Log(SdLogLevel.Error, "model_loader.cpp:1300 - read tensor data failed: 'model.bin'\n");
            Log(SdLogLevel.Error, "stable-diffusion.cpp:800 - load tensors from model loader failed\n");
            return 0;
        }
        return _nextContext++;
    }

    public void FreeContext(nint context) => FreedContexts.Add(context);

    public bool LoadControlNet(nint context, byte* path)
    {
        ControlNetsLoaded.Add(Marshal.PtrToStringUTF8((nint)path)!);
        return true;
    }

    /// <summary>False: the library lacks the optional <c>preprocess_canny</c> export.</summary>
    public bool HasPreprocessCanny { get; set; } = true;
    /// <summary>The arguments of the last <c>preprocess_canny</c> call.</summary>
    public (float High, float Low, float Weak, float Strong, bool Inverse)? LastCanny { get; private set; }
    /// <summary>The control image's first byte as <c>generate_image</c> saw it (the fake canny writes 0xED over the image).</summary>
    public byte? ControlFirstByteAtGenerate { get; private set; }

    public bool PreprocessCanny(SdImage image, float highThreshold, float lowThreshold, float weak, float strong, bool inverse)
    {
        LastCanny = (highThreshold, lowThreshold, weak, strong, inverse);
        new Span<byte>(image.Data, (int)(image.Width * image.Height * image.Channel)).Fill(0xED);
        return true;
    }

    public bool GenerateImage(nint context, SdImgGenParams* parameters, SdImage** images, int* count)
    {
        *images = null;
        *count = 0;
        LastGenerationParams = *parameters;
        ControlFirstByteAtGenerate = parameters->ControlImage.Data is null ? null : parameters->ControlImage.Data[0];
        LastPrompt = Marshal.PtrToStringUTF8((nint)parameters->Prompt);

        BeforeReset?.Invoke();
        _cancelFlag = false;
        Log(SdLogLevel.Info, $"stable-diffusion.cpp:5627 - generate_image {parameters->Width}x{parameters->Height}\n");

        var steps = parameters->SampleParams.SampleSteps;
        for (var b = 0; b < parameters->BatchCount; b++)
        {
            Log(SdLogLevel.Info, $"stable-diffusion.cpp:5679 - generating image: {b + 1}/{parameters->BatchCount} - seed {parameters->Seed + b}\n");
            _sink?.OnProgress(0, steps, 0);
            for (var step = 1; step <= steps; step++)
            {
                if (_cancelFlag)
                {
                    Log(SdLogLevel.Error, "stable-diffusion.cpp:5667 - cancelling generation\n");
                    return false;
                }
                if (StepTime > TimeSpan.Zero)
                    Thread.Sleep(StepTime);
                StepsRun++;
                _sink?.OnProgress(step, steps, 0.02f);
                AfterStep?.Invoke(step);
            }
        }

        if (FailGenerate)
        {
            Log(SdLogLevel.Error, "stable-diffusion.cpp:5300 - decode_first_stage failed for latent 1\n");
            return false;
        }

        Log(SdLogLevel.Info, $"stable-diffusion.cpp:5320 - decoding {parameters->BatchCount} latents\n");
        var result = (SdImage*)NativeMemory.AllocZeroed((nuint)(parameters->BatchCount * sizeof(SdImage)));
        for (var b = 0; b < parameters->BatchCount; b++)
            result[b] = NewImage(ImageWidth, ImageHeight, (byte)(b + 1));
        AllocatedImages.Add((nint)result);
        *images = result;
        *count = parameters->BatchCount;
        return true;
    }

    public void VidGenParamsInit(SdVidGenParams* parameters) => *parameters = NativeDefaults.Video();

    /// <summary>Like the library's: the high-noise run (if any), then the low-noise run, each counting its own steps; then the frames.</summary>
    public bool GenerateVideo(nint context, SdVidGenParams* parameters, SdImage** frames, int* count)
    {
        *frames = null;
        *count = 0;
        LastVideoParams = *parameters;
        LastPrompt = Marshal.PtrToStringUTF8((nint)parameters->Prompt);
        _cancelFlag = false;
        var high = parameters->HighNoiseSampleParams.SampleSteps > 0 ? parameters->HighNoiseSampleParams.SampleSteps : AutoHighNoiseSteps;
        var low = parameters->SampleParams.SampleSteps - (parameters->HighNoiseSampleParams.SampleSteps > 0 ? 0 : high);
        Log(SdLogLevel.Info, $"stable-diffusion.cpp:6914 - generate_video {parameters->Width}x{parameters->Height}x{parameters->VideoFrames}\n");
        Log(SdLogLevel.Info, "stable-diffusion.cpp:4380 - sampling using euler method\n");
        if (high > 0)
            Log(SdLogLevel.Info, "stable-diffusion.cpp:4385 - sampling(high noise) using euler method\n");
        foreach (var (steps, stage) in new[] { (high, "sampling(high noise)"), (low, "sampling") })
        {
            if (steps <= 0)
                continue;
            _sink?.OnProgress(0, steps, 0);
            for (var step = 1; step <= steps; step++)
            {
                if (_cancelFlag)
                {
                    Log(SdLogLevel.Error, "stable-diffusion.cpp:6930 - cancelling generation\n");
                    return false;
                }
                if (StepTime > TimeSpan.Zero)
                    Thread.Sleep(StepTime);
                StepsRun++;
                _sink?.OnProgress(step, steps, 0.02f);
                AfterStep?.Invoke(step);
            }
            Log(SdLogLevel.Info, $"stable-diffusion.cpp:6972 - {stage} completed, taking 0.10s\n");
        }
        Log(SdLogLevel.Info, "stable-diffusion.cpp:7155 - generating latent video completed, taking 0.20s\n");
        if (FailGenerate)
        {
            Log(SdLogLevel.Error, "stable-diffusion.cpp:6585 - decode_first_stage failed for video\n");
            return false;
        }
        var n = parameters->VideoFrames;
        var result = (SdImage*)NativeMemory.AllocZeroed((nuint)(n * sizeof(SdImage)));
        for (var i = 0; i < n; i++)
            result[i] = NewImage(parameters->Width, parameters->Height, (byte)(i + 1));
        AllocatedImages.Add((nint)result);
        *frames = result;
        *count = n;
        return true;
    }

    public void Cancel(nint context, SdCancelMode mode)
    {
        Interlocked.Increment(ref CancelCalls);
        if (mode == SdCancelMode.All)
            _cancelFlag = true;
    }

    public void FreeImages(SdImage* images, int count)
    {
        FreedImages.Add(((nint)images, count));
        if (images is null)
            return;
        for (var i = 0; i < count; i++)
            NativeMemory.Free(images[i].Data);
        NativeMemory.Free(images);
    }

    public nint NewUpscaler(byte* esrganPath, int threads, int tileSize, byte* backend, byte* paramsBackend)
    {
        UpscalersCreated++;
        return 0x9000 + UpscalersCreated;
    }

    public void FreeUpscaler(nint upscaler) => FreedUpscalers.Add(upscaler);

    public bool Upscale(nint upscaler, SdImage input, uint factor, SdImage** images, int* count)
    {
        var result = (SdImage*)NativeMemory.AllocZeroed((nuint)sizeof(SdImage));
        result[0] = NewImage((int)(input.Width * factor), (int)(input.Height * factor), 7);
        *images = result;
        *count = 1;
        return true;
    }

    public int UpscaleFactor(nint upscaler) => 4;

    public bool Convert(byte* inputPath, byte* vaePath, byte* outputPath, int outputType, byte* tensorTypeRules)
    {
        // The real convert() builds std::strings from these: a NULL aborts the process.
        if (inputPath is null || vaePath is null || outputPath is null || tensorTypeRules is null)
            throw new InvalidOperationException("convert() with a NULL string would abort the process");
        var output = Marshal.PtrToStringUTF8((nint)outputPath)!;
        LastConvert = (outputType, Marshal.PtrToStringUTF8((nint)inputPath)!, output);
        for (var i = 1; i <= 3; i++)
            _sink?.OnProgress(i, 3, 0.1f);
        File.WriteAllBytes(output, new byte[123]);
        return true;
    }

    public void Log(SdLogLevel level, string text) => _sink?.OnLog(level, text);

    private static SdImage NewImage(int width, int height, byte fill)
    {
        var data = (byte*)NativeMemory.Alloc((nuint)(width * height * 3));
        new Span<byte>(data, width * height * 3).Fill(fill);
        return new SdImage { Width = (uint)width, Height = (uint)height, Channel = 3, Data = data };
    }
}
