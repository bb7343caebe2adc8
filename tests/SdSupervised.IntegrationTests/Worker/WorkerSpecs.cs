using SdSupervised.Contracts;

namespace SdSupervised.IntegrationTests.Worker;

/// <summary>Small requests shared by the worker tests.</summary>
internal static class WorkerSpecs
{
    public static ModelLoadSpec Model(string id = "synthetic-model") => new() { ModelId = id };

    public static ImageGenerationSpec Image(int steps = 4, int width = 64, int height = 48, int batch = 1, long seed = 42, FaultSpec? fault = null) => new()
    {
        JobId = $"job-{Guid.NewGuid().ToString("N")[..6]}",
        Prompt = "a lighthouse at dusk",
        Width = width,
        Height = height,
        Steps = steps,
        Seed = seed,
        BatchCount = batch,
        Fault = fault,
    };
}
