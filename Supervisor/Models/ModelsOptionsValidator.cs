using Microsoft.Extensions.Options;

namespace SdSupervised.Supervisor.Models;

/// <summary>Refuses, at start, a per-type folder with an unknown type or no path, so a typo never drops a folder silently.</summary>
public sealed class ModelsOptionsValidator : IValidateOptions<ModelsOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelsOptions options)
    {
        var problems = ModelFolders.Problems(options.Folders);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
