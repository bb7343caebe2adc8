using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Models;

public sealed record ModelDirectoryResponse(string Type, string Folder, string? Path, bool Exists, int Files, long Size);

public sealed record ModelDirectoriesResponse(string ModelsDir, bool Exists, IReadOnlyList<ModelDirectoryResponse> Directories);

/// <summary><c>GET /api/models/directories</c>: each type's folder under the models directory, whether it exists, and what it holds.</summary>
public sealed class ModelDirectoriesEndpoint(ModelCatalog catalog) : EndpointWithoutRequest<ModelDirectoriesResponse>
{
    public override void Configure()
    {
        Get("/models/directories");
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Model folders");
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var snapshot = catalog.Current;
        var directories = ModelLayout.Folders.Select(f =>
        {
            var names = new[] { f.Name }.Concat(f.Aliases).ToList();
            var existing = names.FirstOrDefault(n => Directory.Exists(global::System.IO.Path.Combine(snapshot.Root, n)));
            var files = snapshot.Entries.Where(e => names.Any(n => e.RelativePath.StartsWith(n + "/", StringComparison.OrdinalIgnoreCase))).ToList();
            return new ModelDirectoryResponse(ModelLayout.TypeName(f.Type), f.Name, existing is null ? null : existing + "/", existing is not null, files.Count, files.Sum(e => e.Size));
        }).ToList();
        return Send.OkAsync(new ModelDirectoriesResponse(snapshot.Root, Directory.Exists(snapshot.Root), directories), ct);
    }
}
