using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Tests.Models;

public sealed class ModelCatalogServiceTests : IDisposable
{
    private readonly string _models = Path.Combine(Path.GetTempPath(), "sds-watch-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task First_scan_runs_in_the_background_and_file_changes_trigger_one_debounced_rescan()
    {
        ModelFiles.Safetensors(Path.Combine(_models, "checkpoints", "a.safetensors"), ArchitectureFixtures.Sd1());
        var options = Options.Create(new ModelsOptions { WatchDebounceMs = 100 });
        var catalog = new ModelCatalog(Options.Create(new SupervisorOptions { ModelsDir = _models }), options,
            new ModelScanner(options, TimeProvider.System, NullLogger<ModelScanner>.Instance), NullLogger<ModelCatalog>.Instance);
        using var service = new ModelCatalogService(catalog, options, TimeProvider.System, NullLogger<ModelCatalogService>.Instance);

        await service.StartAsync(CancellationToken.None);
        var first = await catalog.WhenReadyAsync(CancellationToken.None);
        Assert.Single(first.Entries);

        ModelFiles.Safetensors(Path.Combine(_models, "vae", "ae.safetensors"), ArchitectureFixtures.KlVae("", 16, quantConv: false));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (catalog.Current.Entries.Count < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(25);
        Assert.Equal(2, catalog.Current.Entries.Count);
        Assert.Equal("vae_flux", catalog.Current.Entries.Single(e => e.Name == "ae").Architecture.Id);

        await service.StopAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        try { Directory.Delete(_models, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
