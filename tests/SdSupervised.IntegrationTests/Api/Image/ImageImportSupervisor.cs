using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.Image;

/// <summary>
/// One supervisor for the image tests, with 127.0.0.2/32 allowed for URL imports (where <see cref="LocalImageServer"/>
/// listens) and a small upload limit, so "too large" is cheap to provoke. The rest of 127/8 stays refused.
/// </summary>
public sealed class ImageImportSupervisor : IAsyncLifetime
{
    public const int MaxUploadBytes = 16384;
    /// <summary>Short, so the stalled-server test ends soon; local downloads of a few KB need far less.</summary>
    public const int TimeoutSeconds = 5;

    public SupervisorProcess Supervisor { get; private set; } = null!;
    public LocalImageServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = new LocalImageServer();
        Supervisor = await SupervisorProcess.StartAsync(null, new SupervisorOptions { Workers = 1, StepMs = 10 }
            .WithEnv("SDS__ImageImport__AllowedNetworks__0", "127.0.0.2/32")
            .WithEnv("SDS__ImageImport__TimeoutSeconds", TimeoutSeconds)
            .WithEnv("SDS__Limits__MaxUploadBytes", MaxUploadBytes));
    }

    public async Task DisposeAsync()
    {
        // Either may be missing when start-up failed.
        if (Supervisor is not null) await Supervisor.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
    }
}
