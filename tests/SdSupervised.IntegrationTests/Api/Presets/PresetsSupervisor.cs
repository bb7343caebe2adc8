using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Models;

namespace SdSupervised.IntegrationTests.Api.Presets;

/// <summary>
/// One synthetic supervisor whose models directory holds presets (JSON and YAML, good and broken), prompt files, an
/// SD 1.x checkpoint, a TAESD and an embedding (header-only), all written by the test before the catalog scan.
/// </summary>
public sealed class PresetsSupervisor : IAsyncLifetime
{
    public SupervisorProcess Supervisor { get; private set; } = null!;
    public string ModelsDir => Path.Combine(Supervisor.DataDir, "models");
    public string At(string relative) => Path.Combine(ModelsDir, relative);

    public async Task InitializeAsync()
    {
        Supervisor = await SupervisorProcess.StartAsync(null, new SupervisorOptions { Workers = 1, StepMs = 2 });

        HeaderOnlyModels.Write(At("checkpoints/sd15.safetensors"), HeaderOnlyModels.Sd15());
        HeaderOnlyModels.Write(At("taesd/taesd.safetensors"),
        [
            ("encoder.layers.0.weight", [64, 3, 3, 3]),
            ("encoder.layers.14.weight", [4, 64, 3, 3]),
            ("decoder.layers.1.weight", [64, 4, 3, 3]),
            ("decoder.layers.3.conv.0.weight", [64, 64, 3, 3]),
        ]);
        HeaderOnlyModels.Write(At("embeddings/bad_hands.safetensors"), [("emb_params", [8, 768])]);

        Write("presets/portrait.json", """
            // comments are allowed in JSON presets
            { "description": "Tall portrait", "width": 192, "height": 256, "steps": 6, "cfg_scale": 5.5,
              "sampling_method": "euler", "negative_prompt": "blurry", }
            """);
        Write("presets/fast.yaml", """
            description: quick drafts
            steps: 3
            sampling_method: euler_a
            cfg_scale: 3
            seed: "42"
            """);
        Write("presets/broken.json", "{ \"steps\": ");
        Write("presets/typo.yaml", "stepz: 10\n");
        Write("presets/too_many.json", """{ "steps": 100000 }""");
        Write("presets/wrong_type.json", """{ "width": "wide" }""");
        Write("presets/clip.json", """{ "video_frames": 9, "fps": 8 }""");
        Write("prompts/castle.txt", "a castle on a hill\n");
        Write("prompts/hero.json", """{ "prompt": "a hero at dawn" }""");
        Write("neg_prompts/lowq.txt", "lowres, bad anatomy\n");

        var refresh = await Supervisor.Api.PostAsync("/api/models/refresh", new { wait = true });
        if (refresh.Code != 200)
            throw Supervisor.Fail($"refresh should scan the preset, prompt and model files\n{refresh}");
    }

    public void Write(string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(At(relative))!);
        File.WriteAllText(At(relative), text);
    }

    public async Task DisposeAsync() => await Supervisor.DisposeAsync();
}
