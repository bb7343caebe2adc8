using System.Runtime.InteropServices;
using SdSupervised.Contracts;
using SdSupervised.Tests.Worker;
using SdSupervised.Worker.Engines;
using SdSupervised.Worker.Engines.Native;
using SdSupervised.Worker.Logging;
using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Native;

/// <summary>Reference images, PhotoMaker and canny into the native structs and calls, against the library's init defaults and a scripted library.</summary>
public sealed class NativeIdentityInputsTests : IDisposable
{
    private readonly FakeSdNames _names = new();
    private readonly NativeArena _arena = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("sds-identity-").FullName;

    public void Dispose()
    {
        _arena.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public unsafe void Reference_images_fill_ref_images_and_their_count_as_rgb()
    {
        var p = NativeDefaults.Generation();
        var rgba = new RawImage { Width = 2, Height = 1, Channels = 4, Pixels = [1, 2, 3, 255, 4, 5, 6, 255] };
        var gray = new RawImage { Width = 1, Height = 2, Channels = 1, Pixels = [7, 8] };

        Assert.Null(NativeRequestMapper.MapGeneration(Spec() with { RefImages = [rgba, gray] }, ref p, _arena, _names, false));

        Assert.Equal(2, p.RefImagesCount);
        Assert.Equal((2u, 1u, 3u), (p.RefImages[0].Width, p.RefImages[0].Height, p.RefImages[0].Channel));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, new ReadOnlySpan<byte>(p.RefImages[0].Data, 6).ToArray());
        Assert.Equal(new byte[] { 7, 7, 7, 8, 8, 8 }, new ReadOnlySpan<byte>(p.RefImages[1].Data, 6).ToArray());
        Assert.True(p.RefImageArgs is null, "ref_image_args stays the library's (none)");
        Assert.True(p.InitImage.Data is null, "reference images are not an init image");
    }

    [Fact]
    public unsafe void Without_inputs_the_pm_params_and_ref_images_keep_the_library_defaults()
    {
        var p = NativeDefaults.Generation();
        var defaults = NativeDefaults.Generation();

        Assert.Null(NativeRequestMapper.MapGeneration(Spec(), ref p, _arena, _names, false));

        Assert.True(p.RefImages is null);
        Assert.Equal(0, p.RefImagesCount);
        Assert.Equal(defaults.PmParams.StyleStrength, p.PmParams.StyleStrength);
        Assert.Equal(0, p.PmParams.IdImagesCount);
        Assert.True(p.PmParams.IdEmbedPath is null);
    }

    [Fact]
    public unsafe void PhotoMaker_fills_pm_params()
    {
        var embed = Path.Combine(_dir, "id_embeds.safetensors");
        File.WriteAllBytes(embed, [0]);
        var p = NativeDefaults.Generation();
        var id = new RawImage { Width = 1, Height = 1, Channels = 3, Pixels = [9, 8, 7] };

        Assert.Null(NativeRequestMapper.MapGeneration(Spec() with { PhotoMaker = new PhotoMakerSpec { IdImages = [id, id, id], IdEmbedPath = embed, StyleStrength = 35 } },
            ref p, _arena, _names, false));

        Assert.Equal(3, p.PmParams.IdImagesCount);
        Assert.Equal(new byte[] { 9, 8, 7 }, new ReadOnlySpan<byte>(p.PmParams.IdImages[2].Data, 3).ToArray());
        Assert.Equal(embed, Marshal.PtrToStringUTF8((nint)p.PmParams.IdEmbedPath));
        Assert.Equal(35f, p.PmParams.StyleStrength);
    }

    [Fact]
    public void PhotoMaker_without_its_style_strength_keeps_the_librarys_and_a_missing_embed_file_is_refused()
    {
        var p = NativeDefaults.Generation();
        var id = new RawImage { Width = 1, Height = 1, Channels = 3, Pixels = [9, 8, 7] };

        Assert.Null(NativeRequestMapper.MapGeneration(Spec() with { PhotoMaker = new PhotoMakerSpec { IdImages = [id] } }, ref p, _arena, _names, false));
        Assert.Equal(NativeDefaults.Generation().PmParams.StyleStrength, p.PmParams.StyleStrength);

        var missing = Path.Combine(_dir, "nope.bin");
        Assert.Equal($"PhotoMaker ID-embedding file '{missing}' does not exist",
            NativeRequestMapper.MapGeneration(Spec() with { PhotoMaker = new PhotoMakerSpec { IdImages = [id], IdEmbedPath = missing } }, ref p, _arena, _names, false));
    }

    [Fact]
    public async Task Canny_runs_the_librarys_preprocessor_on_the_control_image_before_generating()
    {
        var (library, engine) = await LoadedAsync();
        var control = new RawImage { Width = 64, Height = 64, Channels = 3, Pixels = new byte[64 * 64 * 3] };

        var plain = await engine.GenerateImageAsync(Spec() with { ControlImage = control }, null, CancellationToken.None);
        Assert.True(plain.Success, plain.Error);
        Assert.Null(library.LastCanny);
        Assert.Equal((byte)0, library.ControlFirstByteAtGenerate);

        var result = await engine.GenerateImageAsync(Spec() with { ControlImage = control, ControlCanny = new CannySpec { HighThreshold = 0.3f, Inverse = true } }, null, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal((0.3f, CannySpec.DefaultLowThreshold, CannySpec.DefaultWeak, CannySpec.DefaultStrong, true), library.LastCanny);
        Assert.Equal((byte)0xED, library.ControlFirstByteAtGenerate);
        Assert.All(control.Pixels, b => Assert.Equal(0, b)); // the request's own buffer is not touched
    }

    [Fact]
    public async Task Canny_on_a_library_without_preprocess_canny_is_a_clear_failure()
    {
        var (library, engine) = await LoadedAsync();
        library.HasPreprocessCanny = false;
        var control = new RawImage { Width = 8, Height = 8, Channels = 3, Pixels = new byte[8 * 8 * 3] };

        var result = await engine.GenerateImageAsync(Spec() with { ControlImage = control, ControlCanny = new CannySpec() }, null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal($"control_preprocess canny needs the library's preprocess_canny, which {library.Version} does not export", result.Error);
        Assert.Equal(0, library.StepsRun);
    }

    private async Task<(FakeSdLibrary, NativeEngine)> LoadedAsync()
    {
        var library = new FakeSdLibrary();
        var events = new NativeEventHub(_ => { });
        library.InstallCallbacks(events);
        var engine = new NativeEngine(library, new NativeEngineOptions { Backend = "cpu" }, events, new WorkerLog(_ => { }), new EngineDescription { NativeVersion = library.Version });
        var model = Path.Combine(_dir, "model.gguf");
        File.WriteAllBytes(model, [0]);
        var loaded = await engine.LoadModelAsync(new ModelLoadSpec { ModelId = "m", ModelPath = model }, null, CancellationToken.None);
        Assert.True(loaded.Success, loaded.Error);
        return (library, engine);
    }

    private static ImageGenerationSpec Spec() => new() { JobId = "job", Prompt = "a man img", Width = 64, Height = 64, Steps = 2, Seed = 1 };
}
