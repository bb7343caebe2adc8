using System.Security.Cryptography;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Models;

/// <summary>
/// One supervisor with two synthetic workers and a models directory of header-only files (written after start,
/// then picked up by POST /api/models/refresh), shared by the model API tests.
/// </summary>
public sealed class ModelsSupervisor : IAsyncLifetime
{
    public SupervisorProcess Supervisor { get; private set; } = null!;
    public string ModelsDir => Path.Combine(Supervisor.DataDir, "models");
    public string OutsideDir => Path.Combine(Supervisor.DataDir, "outside");
    /// <summary>SHA-256 of vae_approx's taesd file, computed here from the bytes written.</summary>
    public string TaesdSha256 { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Supervisor = await SupervisorProcess.StartAsync(null, new SupervisorOptions { Workers = 2, StepMs = 5 });
        string At(string relative) => Path.Combine(ModelsDir, relative);

        HeaderOnlyModels.Write(At("checkpoints/alpha.safetensors"), HeaderOnlyModels.Sd15());
        HeaderOnlyModels.Write(At("checkpoints/beta.safetensors"), HeaderOnlyModels.Sd15());
        HeaderOnlyModels.Write(At("checkpoints/one.safetensors"), HeaderOnlyModels.Sd15());
        HeaderOnlyModels.Write(At("checkpoints/two.safetensors"), HeaderOnlyModels.Sd15());
        HeaderOnlyModels.Write(At("checkpoints/sd_xl_base_1.0.safetensors"), HeaderOnlyModels.SdxlUnetOnlyVae());
        HeaderOnlyModels.Write(At("vae/sdxl_vae.safetensors"), HeaderOnlyModels.KlVae(4));
        HeaderOnlyModels.Write(At("diffusion_models/flux1-dev.safetensors"), HeaderOnlyModels.FluxDev());
        HeaderOnlyModels.Write(At("vae/ae.safetensors"), HeaderOnlyModels.KlVae(16));
        HeaderOnlyModels.Write(At("text_encoders/clip_l.safetensors"), HeaderOnlyModels.ClipL());
        File.WriteAllBytes(At("checkpoints/broken.safetensors"), [4, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'x', (byte)'x', (byte)'x']);

        // Real bytes, so the hash is of something: 64*3*3*3 + 64*4*3*3 + 1000 halves.
        var data = new byte[2 * (64 * 27 + 64 * 36 + 1000)];
        new Random(1234).NextBytes(data);
        HeaderOnlyModels.Write(At("vae_approx/taesd.safetensors"), HeaderOnlyModels.TaesdWithData(), data);
        TaesdSha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(At("vae_approx/taesd.safetensors"))));

        // Links out of the models directory must never be listed or served.
        HeaderOnlyModels.Write(Path.Combine(OutsideDir, "secret.safetensors"), HeaderOnlyModels.Sd15());
        File.CreateSymbolicLink(At("checkpoints/escape.safetensors"), Path.Combine(OutsideDir, "secret.safetensors"));
        File.CreateSymbolicLink(At("checkpoints/passwd.safetensors"), "/etc/passwd");

        var refresh = await Supervisor.Api.PostAsync("/api/models/refresh", new { wait = true });
        if (refresh.Code != 200 || refresh.Json.Int("models") != 11)
            throw Supervisor.Fail($"refresh should scan the 11 model files in\n{refresh}");
    }

    public async Task DisposeAsync() => await Supervisor.DisposeAsync();
}
