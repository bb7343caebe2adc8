using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>Cross-field checks that data annotations cannot express; each failure is one clear sentence.</summary>
public sealed class SupervisorOptionsValidator : IValidateOptions<SupervisorOptions>
{
    public ValidateOptionsResult Validate(string? name, SupervisorOptions options)
    {
        var failures = new List<string>();
        // Data annotations on nested option objects are not validated by ValidateDataAnnotations(); do it here.
        ValidateNested(options.Limits, "Limits", failures);
        ValidateNested(options.Resilience, "Resilience", failures);
        ValidateNested(options.Http, "Http", failures);
        ValidateNested(options.Auth, "Auth", failures);
        ValidateNested(options.Auth.Guest, "Auth:Guest", failures);
        ValidateNested(options.ImageImport, "ImageImport", failures);
        ValidateNested(options.Previews, "Previews", failures);
        ValidateNested(options.Recycle, "Recycle", failures);
        ValidateNested(options.Cluster, "Cluster", failures);
        foreach (var (id, slot) in options.Slots)
        {
            if (slot.Recycle is { } recycle)
                ValidateNested(recycle, $"Slots:{id}:Recycle", failures);
            if ((slot.Models ?? []).Concat(slot.Exclude ?? []).Any(string.IsNullOrWhiteSpace))
                failures.Add($"Slots:{id}:Models and Slots:{id}:Exclude must not hold empty names.");
            if (slot.SimulatedDeviceMemoryBytes is <= 0)
                failures.Add($"Slots:{id}:SimulatedDeviceMemoryBytes must be a positive number of bytes.");
            if (slot.SyntheticMemoryGrowthBytes is < 0)
                failures.Add($"Slots:{id}:SyntheticMemoryGrowthBytes must not be negative.");
        }
        if (options.Store.Kind == StoreKind.Postgres && string.IsNullOrWhiteSpace(options.Store.ConnectionString))
            failures.Add("--store postgres needs Store:ConnectionString (SDS__Store__ConnectionString or --Sds:Store:ConnectionString=\"Host=…;Database=…;Username=…\").");
        if (options.Store.Kind == StoreKind.Postgres && !string.IsNullOrWhiteSpace(options.Store.ConnectionString) && !PostgresConnectionString.TryValidate(options.Store.ConnectionString, out var connectionError))
            failures.Add($"Store:ConnectionString is not a valid PostgreSQL connection string: {connectionError}");
        if (options.SyntheticDeviceMemoryBytes is <= 0)
            failures.Add("SyntheticDeviceMemoryBytes must be a positive number of bytes.");
        if (options.SyntheticMemoryGrowthBytes < 0)
            failures.Add("SyntheticMemoryGrowthBytes must not be negative.");
        if (options.Port is < 0 or > 65535)
            failures.Add($"--port {options.Port} is not a TCP port (1-65535, or 0 for any free port).");
        if (string.IsNullOrWhiteSpace(options.Host))
            failures.Add("Host must not be empty (e.g. 127.0.0.1 or 0.0.0.0).");
        if (options.Auth.Method is null && !string.IsNullOrWhiteSpace(options.Host) && !IsLoopback(options.Host))
            failures.Add($"--host {options.Host} serves beyond this machine with no authentication: choose a method with --auth " +
                         "api-key|jwt|unix|pam|optional, or pass --auth none to accept an open server.");
        if (string.IsNullOrWhiteSpace(options.DataDir))
            failures.Add("--data-dir must not be empty.");
        if (!WorkerSpecParser.TryParse(options.Workers, out _, out var workersError))
            failures.Add(workersError!);
        if (options.SyntheticStepMs is < 0 or > 600_000)
            failures.Add($"--synthetic-step-ms {options.SyntheticStepMs} is out of range (0-600000).");
        if (options.SyntheticLoadMs is < 0 or > 600_000)
            failures.Add($"--synthetic-load-ms {options.SyntheticLoadMs} is out of range (0-600000).");
        if (options.Limits.MinSize > options.Limits.MaxSize)
            failures.Add($"Limits:MinSize ({options.Limits.MinSize}) is larger than Limits:MaxSize ({options.Limits.MaxSize}).");
        if (options.Resilience.RestartDelayMs > options.Resilience.RestartMaxDelayMs)
            failures.Add("Resilience:RestartDelayMs is larger than Resilience:RestartMaxDelayMs.");
        if (options.WorkerExecutable is { Length: > 0 } exe && !File.Exists(exe))
            failures.Add($"--worker-executable '{exe}' does not exist.");
        if (options.Engine == EngineSelection.Native && WorkerSpecParser.TryParse(options.Workers, out var spec, out _) && spec.Kind == WorkerSpecKind.Count)
            failures.Add($"--workers {options.Workers} starts synthetic workers; name devices for the native engine (e.g. --workers 0,1 or --workers cpu).");
        if (options.Logging.Format?.Trim().ToLowerInvariant() is not ("auto" or "text" or "journald" or "json"))
            failures.Add($"Logging:Format '{options.Logging.Format}' is not one of auto, text, journald, json.");
        if (string.IsNullOrWhiteSpace(options.DefaultModel))
            failures.Add("DefaultModel must not be empty.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>127.0.0.0/8, ::1 or localhost: only this machine can connect.</summary>
    public static bool IsLoopback(string host) =>
        host.Trim().Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.Trim().Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    private static void ValidateNested(object section, string name, List<string> failures)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(section, new(section), results, validateAllProperties: true))
            failures.AddRange(results.Select(r => $"{name}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }
}
