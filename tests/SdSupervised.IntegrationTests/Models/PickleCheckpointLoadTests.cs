using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Models;

/// <summary>
/// <c>.ckpt</c>/<c>.pt</c> checkpoints end to end on the synthetic engine: the catalog cannot tell their architecture,
/// so the worker loads them as model_path, then as diffusion_model_path; a file that loads neither way fails its job
/// with both reasons. The synthetic engine refuses a path kind for files named with its test-only markers
/// (Worker/Faults/LoadPathFaults.cs, honoured under --allow-fault-injection).
/// </summary>
public sealed class PickleCheckpointLoadTests(ITestOutputHelper output)
{
    private const string NotAsModelPath = "sds-fault-not-model-path";
    private const string NotAsDiffusionModelPath = "sds-fault-not-diffusion-model-path";

    /// <summary>A legacy pickle: protocol 2 opcode, then an empty dict.</summary>
    private static readonly byte[] Pickle = [0x80, 0x02, 0x7D, 0x71, 0x00, 0x2E];

    [Fact]
    public async Task Pickles_load_as_model_path_else_as_diffusion_model_path_else_fail_naming_both()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 5 });
        var checkpoints = Path.Combine(sup.DataDir, "models", "checkpoints");
        Directory.CreateDirectory(checkpoints);
        await File.WriteAllBytesAsync(Path.Combine(checkpoints, "plain.ckpt"), Pickle);
        await File.WriteAllBytesAsync(Path.Combine(checkpoints, $"unet-{NotAsModelPath}.pt"), Pickle);
        await File.WriteAllBytesAsync(Path.Combine(checkpoints, $"odd-{NotAsModelPath}-{NotAsDiffusionModelPath}.ckpt"), Pickle);
        var refresh = await sup.Api.PostAsync("/api/models/refresh", new { wait = true });
        sup.Expect(refresh.Code == 200 && refresh.Json.Int("models") == 3, $"refresh should scan the 3 pickle files\n{refresh}");

        var plain = await sup.Api.WaitForTerminalAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Model = "plain.ckpt" }), Timeouts.Job);
        sup.Expect(plain.Status == "completed", "a pickle that loads as model_path should generate", plain);

        var unet = await sup.Api.WaitForTerminalAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Model = $"unet-{NotAsModelPath}.pt" }), Timeouts.Job);
        sup.Expect(unet.Status == "completed", "a pickle that is no model_path should load as diffusion_model_path and generate", unet);

        var odd = await sup.Api.WaitForTerminalAsync(
            await sup.Api.SubmitAsync(new Text2ImgRequest { Model = $"odd-{NotAsModelPath}-{NotAsDiffusionModelPath}.ckpt" }), Timeouts.Job);
        sup.Expect(odd.Status == "failed", "a pickle that loads neither way should fail its job", odd);
        var message = odd.ErrorMessage ?? "";
        sup.Expect(message.Contains("could not be loaded either way", StringComparison.Ordinal)
                   && message.Contains($"model_path): the library could not load", StringComparison.Ordinal)
                   && message.Contains($"(injected: {NotAsModelPath})", StringComparison.Ordinal)
                   && message.Contains($"(injected: {NotAsDiffusionModelPath})", StringComparison.Ordinal),
            "the failure should name both load attempts and both reasons", odd);
    }
}
