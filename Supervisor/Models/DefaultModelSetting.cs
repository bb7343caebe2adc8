using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Models;

/// <summary>
/// The model jobs use when they name none. It starts as <c>--default-model</c>; a client can switch it at run time
/// (A1111's <c>sd_model_checkpoint</c> option), and the switch is kept in <c>&lt;data-dir&gt;/default-model</c> so a
/// restart does not silently go back.
/// </summary>
public sealed class DefaultModelSetting
{
    private readonly ModelCatalog _catalog;
    private readonly IOptions<SupervisorOptions> _options;
    private readonly Func<EngineKind> _engineKind;
    private readonly ILogger<DefaultModelSetting> _logger;
    private readonly string _file;
    private volatile string? _current;

    public DefaultModelSetting(ModelCatalog catalog, IOptions<SupervisorOptions> options, Func<EngineKind> engineKind, ILogger<DefaultModelSetting> logger)
    {
        _catalog = catalog;
        _options = options;
        _engineKind = engineKind;
        _logger = logger;
        _file = Path.Combine(Path.GetFullPath(options.Value.DataDir), "default-model");
        _current = ReadSaved();
    }

    /// <summary>The switched default, else the configured one.</summary>
    public string Current => _current ?? _options.Value.DefaultModel;

    /// <summary>The configured default on the synthetic engine: loadable without any file.</summary>
    public bool IsSyntheticDefault(string name) =>
        string.Equals(name, _options.Value.DefaultModel, StringComparison.Ordinal) && _engineKind() == EngineKind.Synthetic;

    /// <summary>Switches the default to a catalog model (by id, name or path); refused with the catalog's message when it does not resolve.</summary>
    public async Task<ModelChoice> SetAsync(string name, CancellationToken cancellationToken)
    {
        var trimmed = name.Trim();
        var snapshot = await _catalog.WhenReadyAsync(cancellationToken);
        var lookup = snapshot.Find(trimmed);
        string id;
        if (lookup.Status == ModelLookupStatus.Found)
        {
            if (CompanionResolver.BuildSpec(lookup.Entry!, out var error) is null)
                return new ModelChoice(null, error);
            id = lookup.Entry!.Id;
        }
        else if (lookup.Status == ModelLookupStatus.NotFound && IsSyntheticDefault(trimmed))
            id = trimmed;
        else
            return new ModelChoice(null, lookup.Message);

        _current = string.Equals(id, _options.Value.DefaultModel, StringComparison.Ordinal) ? null : id;
        await SaveAsync(cancellationToken);
        _logger.LogInformation("Default model switched to {ModelId}", id);
        return new ModelChoice(id, null);
    }

    private string? ReadSaved()
    {
        try
        {
            var saved = File.Exists(_file) ? File.ReadAllText(_file).Trim() : "";
            return saved.Length == 0 ? null : saved;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not read the saved default model from {Path}: {Error}; using --default-model", _file, ex.Message);
            return null;
        }
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (_current is null)
        {
            File.Delete(_file);
            return;
        }
        var temp = _file + ".tmp";
        await File.WriteAllTextAsync(temp, _current + "\n", cancellationToken);
        File.Move(temp, _file, overwrite: true);
    }
}
