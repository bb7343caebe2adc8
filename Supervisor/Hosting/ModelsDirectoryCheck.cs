using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Hosting;

/// <summary>A missing models directory is a clear warning at start, never a crash.</summary>
public sealed class ModelsDirectoryCheck(IOptions<SupervisorOptions> options, ILogger<ModelsDirectoryCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var dir = Path.GetFullPath(options.Value.ModelsDir);
        if (!Directory.Exists(dir))
            logger.LogWarning("Models directory {ModelsDir} does not exist; create it (or pass --models-dir) and put model files there", dir);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
